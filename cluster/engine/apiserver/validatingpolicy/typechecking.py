"""The type checking of a policy's expressions against the kinds it matches (the plugin's
TypeChecker, which the validatingadmissionpolicy-status-controller writes into the policy's
status): a field an expression selects that the kind's schema does not declare is a warning.

What is checked here is field selection from `object` and `oldObject`, and from a macro's
variable over a list of theirs, against the served kinds' OpenAPI schemas. A schema that
leaves a field open (a map, a free-form object) checks nothing below it; kinds named by
wildcards are not checked, as fewer warnings are better than wrong ones.
"""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token, Tree

from cluster.engine import cel
from cluster.engine.api import resources, schema
from cluster.engine.api.meta import Object

Schema = dict


def warnings(policy: Object) -> list[Object]:
    """status.typeChecking.expressionWarnings: for each expression, its problems under each
    kind the policy matches."""
    spec = policy.get("spec") or {}
    kinds = _kinds(spec.get("matchConstraints") or {})
    found = []
    for field, source in _expressions(spec):
        problems = [
            f"{group}/{version}, Kind={kind}: {problem}"
            for group, version, kind in kinds
            for problem in _problems(source, schema.kind_schema(_api_version(group, version), kind))
        ]
        if problems:
            found.append({"fieldRef": field, "warning": "\n".join(problems)})
    return found


def _expressions(spec: Object) -> Iterator[tuple[str, str]]:
    for i, validation in enumerate(spec.get("validations") or ()):
        yield f"spec.validations[{i}].expression", validation.get("expression", "")
        if validation.get("messageExpression"):
            yield f"spec.validations[{i}].messageExpression", validation["messageExpression"]


def _kinds(match: Object) -> list[tuple[str, str, str]]:
    """The kinds the resource rules name without wildcards, in their order, each once."""
    found: dict[tuple[str, str, str], None] = {}
    for rule in match.get("resourceRules") or ():
        for group in rule.get("apiGroups") or ():
            for version in rule.get("apiVersions") or ():
                for name in rule.get("resources") or ():
                    resource = resources.served(group, version, name)
                    if resource is not None:
                        found[(group, version, resource.kind)] = None
    return list(found)


def _api_version(group: str, version: str) -> str:
    return f"{group}/{version}" if group else version


def _problems(source: str, kind: Schema | None) -> list[str]:
    if kind is None:
        return []
    try:
        tree = cel.parse(source)
    except cel.CompileError:
        return []  # validation refuses the policy first
    scope = {"object": kind, "oldObject": kind}
    return [
        cel.report(source, token.line or 1, (token.column or 2) - 1, f"undefined field '{token}'")
        for token in _undefined(tree, scope)
    ]


def _undefined(node: Tree | Token, scope: dict[str, Schema | None]) -> Iterator[Token]:
    """The selected fields that the schemas in scope do not declare."""
    if isinstance(node, Token):
        return
    if (found := cel.macro(node)) is not None:
        target, name, body = found
        yield from _undefined(target, scope)
        inner = {**scope, name: schema.items(_typed(target, scope))} if name else scope
        for argument in body:
            yield from _undefined(argument, inner)
        return
    if node.data == "member_dot":
        target, field = node.children
        owner = _typed(target, scope)
        if _declares_fields(owner) and schema.child(owner, str(field)) is None:
            yield field
    for child in node.children:
        if child is not None:
            yield from _undefined(child, scope)


def _typed(node: Tree | Token, scope: dict[str, Schema | None]) -> Schema | None:
    """The schema of what `node` selects, when it is a chain of fields from a variable in
    scope (None: not known)."""
    while isinstance(node, Tree) and len(node.children) == 1 and node.data != "ident":
        node = node.children[0]
    if not isinstance(node, Tree):
        return None
    if node.data == "ident":
        return scope.get(str(node.children[0]))
    if node.data == "member_dot":
        owner = _typed(node.children[0], scope)
        return schema.child(owner, str(node.children[1])) if _declares_fields(owner) else None
    return None


def _declares_fields(found: Schema | None) -> bool:
    """Whether the schema is an object whose fields are all declared."""
    return found is not None and "properties" in schema.resolve(found)
