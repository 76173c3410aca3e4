"""Label selectors exactly as Kubernetes parses and matches them.

The string form (`a=b,c!=d,e in (x,y),f notin (z),g,!h,i>3`) goes through the lexer and the
recursive-descent parser of k8s.io/apimachinery/pkg/labels/selector.go, with its error texts;
the structured form (`matchLabels`, `matchExpressions`) converts as LabelSelectorAsSelector
does, and validates as pkg/apis/meta/v1/validation.ValidateLabelSelector does.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cluster.engine.api import content, field
from cluster.engine.api.field import FieldError

IN, NOT_IN = "in", "notin"
EQUALS, DOUBLE_EQUALS, NOT_EQUALS = "=", "==", "!="
GREATER_THAN, LESS_THAN = "gt", "lt"
EXISTS, DOES_NOT_EXIST = "exists", "!"
BINARY_OPERATORS = (IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN)

# LabelSelectorRequirement operators of the structured form, and what they become
STRUCTURED_OPERATORS = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}


class SelectorError(ValueError):
    """The selector does not parse, or one of its requirements is invalid."""


# -- requirements and selectors --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Requirement:
    key: str
    operator: str
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        value = labels.get(self.key)
        if self.operator in (IN, EQUALS, DOUBLE_EQUALS):
            return value is not None and value in self.values
        if self.operator in (NOT_IN, NOT_EQUALS):
            return value is None or value not in self.values
        if self.operator == EXISTS:
            return value is not None
        if self.operator == DOES_NOT_EXIST:
            return value is None
        return _compare(self.operator, value, self.values)

    def __str__(self) -> str:
        if self.operator == EXISTS:
            return self.key
        if self.operator == DOES_NOT_EXIST:
            return f"!{self.key}"
        values = ",".join(sorted(self.values))
        if self.operator in (IN, NOT_IN):
            return f"{self.key} {self.operator} ({values})"
        symbol = {GREATER_THAN: ">", LESS_THAN: "<"}.get(self.operator, self.operator)
        return f"{self.key}{symbol}{values}"


def _compare(operator: str, value: str | None, values: tuple[str, ...]) -> bool:
    if value is None or len(values) != 1:
        return False
    try:
        have, want = _go_int(value), _go_int(values[0])
    except ValueError:
        return False
    return have > want if operator == GREATER_THAN else have < want


def _go_int(text: str) -> int:
    """strconv.ParseInt(text, 10, 64): an optional sign and decimal digits only."""
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(text)
    number = int(text)
    if not -(2**63) <= number < 2**63:
        raise ValueError(text)
    return number


@dataclass(frozen=True, slots=True)
class Selector:
    """An AND of requirements; `nothing` matches no labels at all (a nil LabelSelector)."""

    requirements: tuple[Requirement, ...] = ()
    nothing: bool = False

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self.nothing:
            return False
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.nothing and not self.requirements

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)


EVERYTHING = Selector()
NOTHING = Selector(nothing=True)


def new_requirement(
    key: str, operator: str, values: list[str] | tuple[str, ...] | None, path: str = ""
) -> Requirement:
    """NewRequirement: raises SelectorError with the aggregated field errors. `values` None
    is Go's nil slice (rendered `null`), an empty sequence an empty one (`[]`)."""
    child = f"{path}." if path else ""
    errors = [str(e) for e in _key_errors(key, f"{child}key")]
    errors += _operator_errors(operator, values, child)
    for i, value in enumerate(values or ()):
        for detail in _joined(content.label_value(value)):
            errors.append(str(field.invalid(f"{child}values[{i}][{key}]", value, detail)))
    if errors:
        raise SelectorError(field.aggregate(errors))
    return Requirement(key, operator, tuple(values or ()))


def _operator_errors(operator: str, values: Any, child: str) -> list[str]:
    count, path = len(values or ()), f"{child}values"
    shown = None if values is None else list(values)
    if operator in (IN, NOT_IN) and count == 0:
        detail = "for 'in', 'notin' operators, values set can't be empty"
        return [str(field.invalid(path, shown, detail))]
    if operator in (EQUALS, DOUBLE_EQUALS, NOT_EQUALS) and count != 1:
        detail = "exact-match compatibility requires one single value"
        return [str(field.invalid(path, shown, detail))]
    if operator in (EXISTS, DOES_NOT_EXIST) and count:
        detail = "values set must be empty for exists and does not exist"
        return [str(field.invalid(path, shown, detail))]
    if operator in (GREATER_THAN, LESS_THAN):
        return _ordering_errors(values or (), path)
    if operator not in (*BINARY_OPERATORS, EXISTS, DOES_NOT_EXIST):
        supported = [*BINARY_OPERATORS, EXISTS, DOES_NOT_EXIST]
        return [str(field.not_supported(f"{child}operator", operator, supported))]
    return []


def _ordering_errors(values: Any, path: str) -> list[str]:
    errors = []
    if len(values) != 1:
        detail = "for 'Gt', 'Lt' operators, exactly one value is required"
        errors.append(str(field.invalid(path, list(values), detail)))
    for i, value in enumerate(values):
        try:
            _go_int(value)
        except ValueError:
            detail = "for 'Gt', 'Lt' operators, the value must be an integer"
            errors.append(str(field.invalid(f"{path}[{i}]", value, detail)))
    return errors


def _key_errors(key: str, path: str) -> list[FieldError]:
    problems = content.label_key(key)
    return [field.invalid(path, key, "; ".join(problems))] if problems else []


def _joined(problems: list[str]) -> list[str]:
    return ["; ".join(problems)] if problems else []


# -- the string form: lexer ------------------------------------------------------------

ERROR, END, CLOSED_PAR, COMMA, NOT, DOUBLE_EQ, EQ, GT, IDENTIFIER, IN_TOKEN = range(10)
LT, NOT_EQ, NOT_IN_TOKEN, OPEN_PAR = range(10, 14)
_TOKENS = {
    ")": CLOSED_PAR,
    ",": COMMA,
    "!": NOT,
    "==": DOUBLE_EQ,
    "=": EQ,
    ">": GT,
    "in": IN_TOKEN,
    "<": LT,
    "!=": NOT_EQ,
    "notin": NOT_IN_TOKEN,
    "(": OPEN_PAR,
}
_SPECIAL = frozenset("=!(),><")
_WHITESPACE = frozenset(" \t\r\n")


def _lex(text: str) -> list[tuple[int, str]]:
    """Every token of `text` up to and including the end of string."""
    items, pos = [], 0
    while True:
        while pos < len(text) and text[pos] in _WHITESPACE:
            pos += 1
        if pos >= len(text):
            items.append((END, ""))
            return items
        scan = _scan_special if text[pos] in _SPECIAL else _scan_word
        token, literal, pos = scan(text, pos)
        items.append((token, literal))


def _scan_word(text: str, pos: int) -> tuple[int, str, int]:
    start = pos
    while pos < len(text) and text[pos] not in _SPECIAL and text[pos] not in _WHITESPACE:
        pos += 1
    word = text[start:pos]
    return _TOKENS.get(word, IDENTIFIER), word, pos


def _scan_special(text: str, pos: int) -> tuple[int, str, int]:
    """The longest operator made of the special characters here (scanSpecialSymbol)."""
    buffer, last = "", None
    while pos < len(text) and text[pos] in _SPECIAL:
        buffer += text[pos]
        if buffer in _TOKENS:
            last = (_TOKENS[buffer], buffer)
        elif last is not None:
            break
        pos += 1
    if last is None:
        return ERROR, f"error expected: keyword found '{buffer}'", pos
    return last[0], last[1], pos


# -- the string form: parser -----------------------------------------------------------

KEY_AND_OPERATOR, VALUES = 0, 1


class _Parser:
    def __init__(self, text: str) -> None:
        self.items = _lex(text)
        self.position = 0

    def lookahead(self, context: int) -> tuple[int, str]:
        return self._in_context(self.items[self.position], context)

    def consume(self, context: int) -> tuple[int, str]:
        self.position += 1
        return self._in_context(self.items[self.position - 1], context)

    @staticmethod
    def _in_context(item: tuple[int, str], context: int) -> tuple[int, str]:
        # 'in' and 'notin' are values like any other where values are expected
        token, literal = item
        if context == VALUES and token in (IN_TOKEN, NOT_IN_TOKEN):
            return IDENTIFIER, literal
        return token, literal

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            token, literal = self.lookahead(VALUES)
            if token == END:
                return requirements
            if token not in (IDENTIFIER, NOT):
                raise SelectorError(
                    f"found '{literal}', expected: !, identifier, or 'end of string'"
                )
            try:
                requirements.append(self.requirement())
            except SelectorError as error:
                raise SelectorError(f"unable to parse requirement: {error}") from None
            token, literal = self.consume(VALUES)
            if token == END:
                return requirements
            if token != COMMA:
                raise SelectorError(f"found '{literal}', expected: ',' or 'end of string'")
            following, literal = self.lookahead(VALUES)
            if following not in (IDENTIFIER, NOT):
                raise SelectorError(f"found '{literal}', expected: identifier after ','")

    def requirement(self) -> Requirement:
        key, operator = self.key_and_operator()
        if operator in (EXISTS, DOES_NOT_EXIST):
            return new_requirement(key, operator, [])
        operator = self.operator()
        values = self.values() if operator in (IN, NOT_IN) else self.exact_value()
        return new_requirement(key, operator, sorted(values))

    def key_and_operator(self) -> tuple[str, str]:
        operator = ""
        token, literal = self.consume(VALUES)
        if token == NOT:
            operator = DOES_NOT_EXIST
            token, literal = self.consume(VALUES)
        if token != IDENTIFIER:
            raise SelectorError(f"found '{literal}', expected: identifier")
        problems = content.label_key(literal)
        if problems:
            raise SelectorError(str(field.invalid("<nil>", literal, "; ".join(problems))))
        if self.lookahead(VALUES)[0] in (END, COMMA) and operator != DOES_NOT_EXIST:
            operator = EXISTS
        return literal, operator

    def operator(self) -> str:
        token, literal = self.consume(KEY_AND_OPERATOR)
        operators = {
            IN_TOKEN: IN,
            EQ: EQUALS,
            DOUBLE_EQ: DOUBLE_EQUALS,
            GT: GREATER_THAN,
            LT: LESS_THAN,
            NOT_IN_TOKEN: NOT_IN,
            NOT_EQ: NOT_EQUALS,
        }
        if token not in operators:
            raise SelectorError(f"found '{literal}', expected: {', '.join(BINARY_OPERATORS)}")
        return operators[token]

    def values(self) -> set[str]:
        token, literal = self.consume(VALUES)
        if token != OPEN_PAR:
            raise SelectorError(f"found '{literal}' expected: '('")
        token, literal = self.lookahead(VALUES)
        if token == CLOSED_PAR:
            self.consume(VALUES)
            return {""}
        if token not in (IDENTIFIER, COMMA):
            raise SelectorError(f"found '{literal}', expected: ',', ')' or identifier")
        values = self.identifiers()
        if self.consume(VALUES)[0] != CLOSED_PAR:
            raise SelectorError(f"found '{literal}', expected: ')'")
        return values

    def identifiers(self) -> set[str]:
        """A comma-separated list of (possibly empty) values, up to the closing parenthesis."""
        values: set[str] = set()
        while True:
            token, literal = self.consume(VALUES)
            if token == IDENTIFIER:
                values.add(literal)
                following, literal = self.lookahead(VALUES)
                if following == CLOSED_PAR:
                    return values
                if following != COMMA:
                    raise SelectorError(f"found '{literal}', expected: ',' or ')'")
            elif token == COMMA:
                if not values:
                    values.add("")  # "(,"
                following = self.lookahead(VALUES)[0]
                if following == CLOSED_PAR:
                    values.add("")  # ",)"
                    return values
                if following == COMMA:
                    values.add("")  # ",,"
            else:
                raise SelectorError(f"found '{literal}', expected: ',', or identifier")

    def exact_value(self) -> set[str]:
        if self.lookahead(VALUES)[0] in (END, COMMA):
            return {""}
        token, literal = self.consume(VALUES)
        if token == IDENTIFIER:
            return {literal}
        raise SelectorError(f"found '{literal}', expected: identifier")


@functools.lru_cache(maxsize=1024)
def parse(text: str) -> Selector:
    """labels.Parse: the requirements of `text`, sorted by key (remembered: a selector is
    immutable, and the same few are parsed again and again)."""
    return Selector(tuple(parse_requirements(text)))


def parse_requirements(text: str) -> list[Requirement]:
    """ParseToRequirements: the requirements of `text`, sorted by key (stably)."""
    return sorted(_Parser(text).parse(), key=lambda r: r.key)


# -- the structured form ---------------------------------------------------------------


def from_label_selector(selector: Mapping[str, Any] | None) -> Selector:
    """LabelSelectorAsSelector: None selects nothing, an empty selector everything."""
    if selector is None:
        return NOTHING
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    if not match_labels and not expressions:
        return EVERYTHING
    requirements = [new_requirement(k, EQUALS, (v,)) for k, v in match_labels.items()]
    for expression in expressions:
        operator = STRUCTURED_OPERATORS.get(expression.get("operator", ""))
        if operator is None:
            raise SelectorError(
                f"{field.go_value(expression.get('operator', ''))} is not a valid label "
                "selector operator"
            )
        values = list(expression.get("values") or ()) or None  # append([]string(nil), ...)
        requirements.append(new_requirement(expression.get("key", ""), operator, values))
    return Selector(tuple(sorted(requirements, key=lambda r: r.key)))


def from_set(labels: Mapping[str, str] | None) -> Selector:
    """SelectorFromSet: every label as an equality, unchecked; an empty set selects all."""
    pairs = sorted((labels or {}).items())
    return Selector(tuple(Requirement(key, EQUALS, (value,)) for key, value in pairs))


def format_label_selector(selector: Mapping[str, Any] | None) -> str:
    """metav1.FormatLabelSelector: the string form, `<none>` when empty, `<error>` if invalid."""
    try:
        text = str(from_label_selector(selector))
    except SelectorError:
        return "<error>"
    return text or "<none>"


def go_string(selector: Mapping[str, Any] | None) -> str:
    """(*metav1.LabelSelector).String(), gogo-protobuf's: Go's struct syntax, labels sorted."""
    if selector is None:
        return "nil"
    labels = "".join(f"{k}: {v}," for k, v in sorted((selector.get("matchLabels") or {}).items()))
    expressions = "".join(
        f"LabelSelectorRequirement{{Key:{e.get('key', '')},Operator:{e.get('operator', '')},"
        f"Values:[{' '.join(e.get('values') or [])}],}},"
        for e in selector.get("matchExpressions") or ()
    )
    return (
        f"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},"
        f"MatchExpressions:[]LabelSelectorRequirement{{{expressions}}},}}"
    )


def format_labels(labels: Mapping[str, str] | None) -> str:
    """labels.FormatLabels: `k=v,...` sorted by key, `<none>` when there are none."""
    return ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items())) or "<none>"


def validate_labels(labels: Mapping[str, Any], path: str) -> list[FieldError]:
    """ValidateLabels: every key a qualified name, every value a label value."""
    errors: list[FieldError] = []
    for key, value in labels.items():
        # errors are made only for what a check finds: every write checks every label, and
        # a comprehension over no problems still costs a frame
        if problems := content.label_key(key):
            errors += [field.invalid(path, key, d) for d in problems]
        if isinstance(value, str) and (problems := content.label_value(value)):
            errors += [field.invalid(path, value, d) for d in problems]
    return errors


def validate_label_name(name: str, path: str) -> list[FieldError]:
    return [field.invalid(path, name, d) for d in content.label_key(name)]


def validate_label_selector(
    selector: Mapping[str, Any] | None, path: str, *, allow_invalid_values: bool = False
) -> list[FieldError]:
    """ValidateLabelSelector; AllowInvalidLabelValueInSelector leaves the expressions'
    values unchecked."""
    if selector is None:
        return []
    errors = validate_labels(selector.get("matchLabels") or {}, f"{path}.matchLabels")
    for i, expression in enumerate(selector.get("matchExpressions") or []):
        at = f"{path}.matchExpressions[{i}]"
        errors.extend(_validate_expression(expression, at, allow_invalid_values))
    return errors


def _validate_expression(
    expression: Mapping[str, Any], path: str, allow_invalid_values: bool
) -> list[FieldError]:
    errors: list[FieldError] = []
    operator, values = expression.get("operator", ""), expression.get("values") or []
    if operator in ("In", "NotIn"):
        if not values:
            detail = "must be specified when `operator` is 'In' or 'NotIn'"
            errors.append(field.required(f"{path}.values", detail))
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            errors.append(field.forbidden(f"{path}.values", detail))
    else:
        errors.append(field.invalid(f"{path}.operator", operator, "not a valid selector operator"))
    errors.extend(validate_label_name(expression.get("key", ""), f"{path}.key"))
    if allow_invalid_values:
        return errors
    for i, value in enumerate(values):
        errors.extend(
            field.invalid(f"{path}.values[{i}]", value, d) for d in content.label_value(value)
        )
    return errors
