"""CEL, the Common Expression Language of ValidatingAdmissionPolicies, with cel-go's words.

Expressions are parsed and run by cel-python. What Kubernetes' CEL environment adds is here:
its variables (an expression naming anything else does not compile, as cel-go's checker
refuses it), the string library's functions, and cel-go's texts for what goes wrong, which a
learner reads in an admission error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

import celpy
from celpy import celtypes
from celpy.evaluation import Activation, Evaluator
from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

# the variables of an admission policy's expressions (k8s.io/apiserver/pkg/admission/plugin/cel)
ADMISSION_VARIABLES = frozenset(
    {"object", "oldObject", "request", "params", "namespaceObject", "variables"}
)
# the macros whose first argument names a variable bound in the others
_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
_FUNCTIONS = frozenset(
    {"has", "size", "int", "uint", "double", "string", "bytes", "bool", "duration", "timestamp"}
    | {"type", "dyn", "matches", "list", "map"}
)
_METHODS = frozenset(
    {"contains", "startsWith", "endsWith", "matches", "size", "getDate", "getDayOfMonth"}
    | {"getDayOfWeek", "getDayOfYear", "getFullYear", "getMonth", "getHours"}
    | {"getMilliseconds", "getMinutes", "getSeconds"}
)

# what ANTLR says cel-go's parser expects where an operand is missing
_OPERAND = (
    "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, "
    "STRING, BYTES, IDENTIFIER}"
)
_OPERAND_TOKENS = frozenset({"IDENT", "INT_LIT", "STRING_LIT", "LPAR", "BANG", "MINUS"})
# cel-python logs, as an error, every exception its functions pass on: a budget run out is not
logging.getLogger("celpy").setLevel(logging.CRITICAL)
Value = Any  # what cel-python computes with: its celtypes, or an error as a value


class CompileError(ValueError):
    """An expression that does not compile; its text is cel-go's report."""


class EvaluationError(Exception):
    """An expression that failed while it ran; its text is cel-go's."""


@dataclass(frozen=True, slots=True)
class Program:
    source: str
    runner: celpy.Runner

    def evaluate(self, activation: Mapping[str, Value], budget: Budget | None = None) -> Value:
        """The expression's value over `activation` (CEL values, see `value`), its steps
        taken from `budget` (OutOfBudget when it runs out)."""
        evaluator = _Evaluator(self.runner.ast, self.runner.new_activation(), budget or Budget())
        try:
            return evaluator.evaluate(dict(activation))
        except celpy.CELEvalError as error:
            raise EvaluationError(_go_message(error)) from None
        except (ValueError, TypeError, KeyError) as error:  # what cel-python does not wrap
            raise EvaluationError(str(error)) from None


class OutOfBudget(Exception):
    """An evaluation ran out of its cost budget."""


@dataclass(slots=True)
class Budget:
    """What evaluations may cost, in steps (each node of an expression evaluated, each time):
    Kubernetes gives each evaluation of a policy a cost budget, so that no expression runs
    for ever over a large list. cel-python's steps are much slower than cel-go's: the budget
    is a hundredth of RuntimeCELCostBudget, half a second at most."""

    remaining: int = 100_000

    def spend(self) -> None:
        self.remaining -= 1
        if self.remaining < 0:
            raise OutOfBudget()


class _Evaluator(Evaluator):
    """cel-python's evaluator, each step spent from a budget its macros' evaluators share."""

    def __init__(self, ast: Tree, activation: Activation, budget: Budget) -> None:
        super().__init__(ast, activation)
        self.budget = budget

    def _visit_tree(self, tree: Tree) -> Any:  # every node, the root's and its children's
        self.budget.spend()
        return super()._visit_tree(tree)

    def sub_evaluator(self, ast: Tree) -> Evaluator:
        return _Evaluator(ast, self.activation, self.budget)


@lru_cache(maxsize=512)
def compile_expression(source: str, variables: frozenset[str] = ADMISSION_VARIABLES) -> Program:
    """The expression ready to run, or CompileError. Compiled once per process: a policy's
    expressions run on every request it matches."""
    tree = parse(source)
    _check_references(source, tree, variables)
    return Program(source, _environment().program(tree, functions=STRING_FUNCTIONS))


def parse(source: str) -> Tree:
    """The expression's syntax tree (CompileError: a syntax error, in cel-go's words)."""
    try:
        return _environment().compile(source)
    except celpy.CELParseError as error:
        raise CompileError(_syntax_error(source, error)) from None


@cache
def _environment() -> celpy.Environment:
    """Made on first use: building its parser takes a tenth of a second."""
    return celpy.Environment()


def value(data: Any) -> Value:
    """A JSON value (an object, a request) as CEL sees it."""
    return celpy.json_to_cel(data)


def lazy_map(values: Mapping[str, Value | EvaluationError]) -> Value:
    """A map whose failed entries fail only the expressions that read them, as cel-go's
    lazily evaluated `variables` do."""
    return celtypes.MapType(
        {
            celtypes.StringType(name): celpy.CELEvalError(str(v), EvaluationError, None)
            if isinstance(v, EvaluationError)
            else v
            for name, v in values.items()
        }
    )


def is_true(result: Value) -> bool:
    return isinstance(result, celtypes.BoolType) and bool(result)


def is_false(result: Value) -> bool:
    return isinstance(result, celtypes.BoolType) and not result


# -- compiling ---------------------------------------------------------------------------------


def _syntax_error(source: str, error: celpy.CELParseError) -> str:
    """cel-go's (ANTLR's) words for what the parser met where it did not expect it."""
    cause = error.__cause__ or error.__context__
    line, column = error.line or 1, error.column or 1
    if isinstance(cause, UnexpectedCharacters):
        reason = f"token recognition error at: '{cause.char}'"
    elif isinstance(cause, UnexpectedToken):
        met = cause.token
        if met.type == "$END":  # cel-go points past the end
            line, column = source.count("\n") + 1, len(source.rpartition("\n")[2]) + 1
        reason = f"mismatched input '{'<EOF>' if met.type == '$END' else met}'"
        reason += _expecting(cause.expected)
    else:
        reason = "invalid syntax"
    return report(source, line, column, f"Syntax error: {reason}")


def _expecting(expected: set[str]) -> str:
    if expected & _OPERAND_TOKENS:
        return f" expecting {_OPERAND}"
    if not expected or "$END" in expected:
        return " expecting <EOF>"
    return ""


def report(source: str, line: int, column: int, message: str) -> str:
    """cel-go's error: where, what, and the line with a caret under the place."""
    text = source.split("\n")[line - 1] if source else ""
    return f"ERROR: <input>:{line}:{column}: {message}\n | {text}\n | {'.' * (column - 1)}^"


def _check_references(source: str, tree: Tree, declared: frozenset[str]) -> None:
    """Refuse a name the environment does not declare, as cel-go's checker does."""
    for token in _undeclared(tree, declared):
        message = f"undeclared reference to '{token}' (in container '')"
        raise CompileError(report(source, token.line or 1, token.column or 1, message))


def _undeclared(node: Tree | Token, bound: frozenset[str]) -> Iterable[Token]:
    if isinstance(node, Token):
        return
    if node.data == "ident" and str(node.children[0]) not in bound:
        yield node.children[0]
        return
    if node.data == "ident_arg" and str(node.children[0]) not in _KNOWN_FUNCTIONS:
        yield node.children[0]
    if (found := macro(node)) is not None:
        target, name, body = found
        yield from _undeclared(target, bound)
        for argument in body:
            yield from _undeclared(argument, bound | {name} if name else bound)
        return
    for child in node.children:
        if child is not None:
            yield from _undeclared(child, bound)
    if node.data == "member_dot_arg" and str(node.children[1]) not in _KNOWN_METHODS:
        yield node.children[1]  # after its receiver, as cel-go's checker meets them


class Macro(NamedTuple):
    """A comprehension, `list.all(x, ...)`: what it ranges over, the variable it binds (""
    when the first argument is not a name), and the arguments the variable is declared in."""

    target: Tree
    variable: str
    body: tuple[Tree, ...]


def macro(node: Tree) -> Macro | None:
    """The comprehension `node` is, if it is one."""
    if node.data != "member_dot_arg" or str(node.children[1]) not in _MACROS:
        return None
    target, _, arguments = node.children
    first, *rest = arguments.children if arguments is not None else (None,)
    return Macro(target, identifier(first) if first is not None else "", tuple(rest))


def identifier(node: Tree | Token) -> str:
    """The name an expression is made of alone, if it is only a name."""
    while isinstance(node, Tree) and len(node.children) == 1 and node.data != "ident":
        node = node.children[0]
    if isinstance(node, Tree) and node.data == "ident":
        return str(node.children[0])
    return ""


# -- Kubernetes' string library (k8s.io/apiserver/pkg/cel/library, cel-go's ext.Strings) ------


def _string_function(function: Callable[..., Any]) -> Callable[..., Value]:
    def call(*args: Any) -> Value:
        return value(function(*args))

    return call


STRING_FUNCTIONS: dict[str, Callable[..., Value]] = {
    "lowerAscii": _string_function(lambda s: s.lower()),
    "upperAscii": _string_function(lambda s: s.upper()),
    "trim": _string_function(lambda s: s.strip()),
    "split": _string_function(lambda s, sep, n=-1: s.split(sep, n - 1 if n > 0 else -1)),
    "join": _string_function(lambda items, sep="": sep.join(items)),
    "replace": _string_function(lambda s, old, new, n=-1: s.replace(old, new, n)),
    "indexOf": _string_function(lambda s, sub, start=0: s.find(sub, start)),
    "lastIndexOf": _string_function(lambda s, sub: s.rfind(sub)),
    "substring": _string_function(lambda s, start, end=None: s[start:end]),
    "charAt": _string_function(lambda s, i: s[i : i + 1]),
}

_KNOWN_FUNCTIONS = _FUNCTIONS | STRING_FUNCTIONS.keys()
_KNOWN_METHODS = _METHODS | STRING_FUNCTIONS.keys()

# -- errors ------------------------------------------------------------------------------------

_GO_MESSAGES = {
    ZeroDivisionError: "division by zero",
    TypeError: "no such overload",
}


def _go_message(error: celpy.CELEvalError) -> str:
    """cel-go's text for what cel-python reports."""
    message, kind = error.args[0], error.args[1] if len(error.args) > 1 else None
    if kind is KeyError and "no such member" in str(message):
        return f"no such key: {str(message).rpartition(': ')[2].strip(chr(39))}"
    if kind is EvaluationError:
        return str(message)
    if kind is KeyError and str(message).startswith("undeclared reference"):
        return str(message).partition(" (in activation")[0]  # not the whole activation
    if kind is not None and kind in _GO_MESSAGES:
        return _GO_MESSAGES[kind]
    if str(message) == "return error for overflow":
        return "integer overflow"
    return str(message)
