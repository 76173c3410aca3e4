"""kubectl explain RESOURCE[.FIELD...]: a kind's (or field's) schema from the server's OpenAPI v3
document, rendered as kubectl's plaintext template renders it (GROUP, KIND, VERSION, FIELD,
DESCRIPTION, FIELDS with <types>, --recursive); `--output=plaintext-openapiv2` prints from the
OpenAPI v2 document instead, as kubectl's older printer does (explain_openapiv2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

from cluster.engine.api import openapi, resources
from cluster.engine.api.resources import Resource
from cluster.kubectl.cmd import explain_openapiv2
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("recursive", boolean=True),
    Flag("api-version"),
    Flag("output", default="plaintext"),
)
Schema = dict[str, Any]
REF_PREFIX = "#/components/schemas/"
NBSP = "\u00a0"


def run(ctx: Context, opts: Parsed) -> None:
    if not opts.args:
        raise ExitError(
            'error: You must specify the type of resource to explain. Use "kubectl '
            'api-resources" for a complete list of supported resources.\n'
        )
    if len(opts.args) > 1:
        raise ExitError("error: We accept only this format: explain RESOURCE\n")
    resource, path = _resource_and_path(opts.args[0])
    api_version, output = opts.text("api-version"), opts.text("output")
    if output == explain_openapiv2.OUTPUT:
        group, _, version = (api_version or resource.api_version).rpartition("/")
        gvk = {"group": group, "kind": resource.kind, "version": version}
        explain_openapiv2.explain(ctx, gvk, path, opts.flag("recursive"))
        return
    if api_version and resource.api_version != api_version:
        _not_served(resource, api_version)
    if output != "plaintext":
        raise ExitError(f"error: unrecognized format: {output}")
    document = openapi.document(_document_path(resource)) or {}
    Explainer(document, opts.flag("recursive")).explain(ctx, resource, path)


def _resource_and_path(argument: str) -> tuple[Resource, list[str]]:
    """`pods.spec.containers`, `deployments.apps.spec`: the resource, then the field path."""
    words = [word for word in argument.split(".") if word]
    found, used = resources.lookup(words[0]), 1
    # kubectl takes the first resource of that name, in the mapper's order, whose group
    # resource prefixes the argument: a core one always does (`nodes.metrics.k8s.io` is the
    # core nodes, with the fields metrics, k8s and io)
    if found is None or found.group:
        found, used = _grouped([w.lower() for w in words])
    if found is None:
        found, used = resources.lookup(words[0]), 1
    if found is None:
        # kubectl prints the RESTMapper's error as it is, without "error: "
        raise ExitError(f'the server doesn\'t have a resource type "{words[0].lower()}"')
    return found, words[used:]


def _not_served(resource: Resource, api_version: str) -> NoReturn:
    """--api-version names another group version: the OpenAPI v3 client looks for its
    document, then for the resource in it."""
    group, _, version = api_version.rpartition("/")
    gvr = f"{group}/{version}, Resource={resource.name}"
    path = f"apis/{group}/{version}" if group else f"api/{version}"
    if path not in openapi.group_versions():
        raise ExitError(f'error: couldn\'t find resource for "{gvr}"')
    raise ExitError(f"error: GVR ({gvr}) not found in OpenAPI schema")


def _grouped(words: list[str]) -> tuple[Resource | None, int]:
    """A resource named with its group (`deployments.apps`), and how many words that took."""
    for resource in resources.all_resources():
        named = [resource.name, *resource.group.split(".")]
        if resource.group and words[: len(named)] == named:
            return resource, len(named)
    return None, 0


def _document_path(resource: Resource) -> str:
    return (
        f"apis/{resource.group}/{resource.version}" if resource.group else f"api/{resource.version}"
    )


@dataclass
class Explainer:
    document: Schema
    recursive: bool
    schemas: Schema = field(init=False)

    def __post_init__(self) -> None:
        self.schemas = (self.document.get("components") or {}).get("schemas") or {}

    def explain(self, ctx: Context, resource: Resource, path: list[str]) -> None:
        """Print the explanation; what the template printed before failing stays printed."""
        gvk = self._gvk(resource)
        if gvk is None:
            raise ExitError(f"error: GVR ({_gvr(resource)}) not found in OpenAPI schema")
        head = f"GROUP:      {gvk['group']}\n" if gvk.get("group") else ""
        head += f"KIND:       {gvk['kind']}\nVERSION:    {gvk['version']}\n\n"
        ctx.out.write(head)
        schema = next(
            (
                s
                for _, s in sorted(self.schemas.items())
                if gvk in s.get("x-kubernetes-group-version-kind", [])
            ),
            None,
        )
        if schema is None:
            raise ExitError(f"error: GVK {_gvk_string(gvk)} not found in OpenAPI schema")
        body = self._output(schema, path, frozenset())
        if not body:
            raise ExitError(f'error: field "{path[-1]}" does not exist')
        ctx.out.write(body + "\n")

    def _gvk(self, resource: Resource) -> Schema | None:
        """The kind an operation on the resource's paths names."""
        prefix = f"/apis/{resource.group}" if resource.group else "/api"
        base = f"{prefix}/{resource.version}"
        paths = self.document.get("paths") or {}
        for candidate in (
            f"{base}/{resource.name}",
            f"{base}/{resource.name}/{{name}}",
            f"{base}/namespaces/{{namespace}}/{resource.name}",
            f"{base}/namespaces/{{namespace}}/{resource.name}/{{name}}",
        ):
            for method in ("get", "post", "put", "patch", "delete"):
                gvk = ((paths.get(candidate) or {}).get(method) or {}).get(
                    "x-kubernetes-group-version-kind"
                )
                if gvk:
                    return gvk
        return None

    def _resolve(self, ref: str) -> Schema | None:
        return (
            self.schemas.get(ref.removeprefix(REF_PREFIX)) if ref.startswith(REF_PREFIX) else None
        )

    # -- "output": follow the field path, then describe what is there --------------------

    def _output(self, schema: Schema, path: list[str], history: frozenset[str]) -> str:
        ref = schema.get("$ref", "")
        seen = history | {ref}
        resolved = self._resolve(ref) or schema
        if not path:
            return self._described(resolved)
        if ref and ref in history:
            return ""  # a cycle
        properties = resolved.get("properties") or {}
        if path[0] in properties:
            sub = properties[path[0]]
            head = ""
            if len(path) == 1:
                head = f"FIELD: {path[0]} <{self._type(sub)}>\n{self._enum_long(sub)}\n\n"
            return head + self._output(sub, path[1:], frozenset())
        if resolved.get("items"):
            return self._output(resolved["items"], path, seen)
        values = resolved.get("additionalProperties")
        if isinstance(values, dict) and values:
            return self._output(values, path, seen)
        for part in resolved.get("allOf") or []:
            found = self._output(part, path, seen)
            if found:
                return found
        return ""

    def _described(self, schema: Schema) -> str:
        text = "DESCRIPTION:\n" + indent(wrap(self._description(schema) or "<empty>", 76), 4) + "\n"
        text += _external_docs(schema, 0, heading=0)
        fields = self._field_list(schema, 1, frozenset())
        return text + (f"FIELDS:\n{fields}" if fields else "")

    def _description(self, schema: Schema) -> str:
        """Its own description and those of what it is made of (allOf, items, map values)."""
        resolved = self._resolve(schema.get("$ref", "")) or schema
        text = f"{resolved['description']}\n" if resolved.get("description") else ""
        for part in resolved.get("allOf") or []:
            text += self._description(part)
        if resolved.get("items"):
            text += self._description(resolved["items"])
        values = resolved.get("additionalProperties")
        if isinstance(values, dict) and values:
            text += self._description(values)
        return text

    # -- "fieldList" and "fieldDetail" -------------------------------------------------------

    def _field_list(self, schema: Schema, level: int, history: frozenset[str]) -> str:
        ref = schema.get("$ref", "")
        if ref and ref in history:
            return ""
        seen = history | {ref}
        resolved = self._resolve(ref) or schema
        out = []
        for name, sub in sorted((resolved.get("properties") or {}).items()):
            out.append(self._field_detail(name, resolved, level))
            if self.recursive:
                out.append(self._field_list(sub, level + 1, seen))
        for part in resolved.get("allOf") or []:
            out.append(self._field_list(part, level, seen))
        if resolved.get("items"):
            out.append(self._field_list(resolved["items"], level, seen))
        values = resolved.get("additionalProperties")
        if isinstance(values, dict) and values:
            out.append(self._field_list(values, level, seen))
        return "".join(out)

    def _field_detail(self, name: str, schema: Schema, level: int) -> str:
        pad = level * 2
        sub = schema["properties"][name]
        required = " -required-" if name in (schema.get("required") or []) else ""
        line = f"{' ' * pad}{name}\t<{self._type(sub)}>{required}{self._enum_short(sub, pad)}\n"
        if self.recursive:
            return line
        description = sub.get("description") or "<no description>"
        line += indent(wrap(description, 78 - pad), pad + 2) + "\n"
        return line + _external_docs(sub, pad, heading=pad + 2) + "\n"

    # -- "typeGuess" and "extractEnum" -------------------------------------------------------

    def _type(self, schema: Schema) -> str:
        if schema.get("items"):
            return "[]" + self._type(schema["items"])
        values = schema.get("additionalProperties")
        if isinstance(values, dict) and values:
            return "map[string]" + self._type(values)
        parts = schema.get("allOf") or []
        if len(parts) == 1 and not schema.get("properties"):
            return self._type(parts[0])
        ref = schema.get("$ref")
        if ref:
            target = self._resolve(ref)
            if not target or not target.get("type") or target["type"] == "object":
                return ref.split("/")[-1].split(".")[-1] or "Object"
            return target["type"]
        kind = schema.get("type")
        return "Object" if not kind or kind == "object" else kind

    @staticmethod
    def _enum_long(schema: Schema) -> str:
        values = schema.get("enum")
        if not values:
            return ""
        return "ENUM:" + "".join(f"\n    {_enum_value(v)}" for v in values)

    @staticmethod
    def _enum_short(schema: Schema, pad: int) -> str:
        values = schema.get("enum")
        if not values:
            return ""
        shown = ", ".join(_enum_value(v) for v in values[:4])
        return f"\n{' ' * pad}enum: {shown}" + (", ...." if len(values) > 4 else "")


def _enum_value(value: Any) -> str:
    return '""' if value == "" else str(value)


def _external_docs(schema: Schema, pad: int, heading: int) -> str:
    """The EXTERNAL DOCS block, its heading indented by `heading`, its lines by pad + 4."""
    docs = schema.get("externalDocs")
    if not docs:
        return ""
    text = "\n" + indent("EXTERNAL DOCS:", heading) + "\n"
    if docs.get("description"):
        text += indent(wrap(docs["description"], 76 - pad), pad + 4) + "\n"
    if docs.get("url"):
        text += indent(f"URL: {docs['url']}", pad + 4) + "\n"
    return text


def _gvr(resource: Resource) -> str:
    return f"{resource.group}/{resource.version}, Resource={resource.name}"  # GVR.String()


def _gvk_string(gvk: Schema) -> str:
    return f"map[group:{gvk.get('group', '')} kind:{gvk.get('kind', '')} version:{gvk.get('version', '')}]"


def indent(text: str, amount: int) -> str:
    """The template's indent: pad the first line and every line after a newline."""
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


def wrap(text: str, limit: int) -> str:
    """The template's wrap: go-wordwrap's WrapString, which keeps the line breaks there are."""
    out: list[str] = []
    word: list[str] = []
    space: list[str] = []
    current = 0
    for char in text:
        if char == "\n":
            if not word:
                if current + len(space) <= limit:
                    out += space
            else:
                out += space + word
            out.append("\n")
            space, word, current = [], [], 0
            continue
        if char.isspace() and char != NBSP:
            if not space or word:
                current += len(space) + len(word)
                out += space + word
                space, word = [], []
            space.append(char)
            continue
        word.append(char)
        if current + len(space) + len(word) > limit and len(word) < limit:
            out.append("\n")
            current = 0
            space = []
    if word:
        out += space + word
    elif current + len(space) <= limit:
        out += space
    return "".join(out)
