"""Objects given with -f: YAML or JSON documents from standard input or from the files the
caller handed over (ctx.files: the built-in kubectl reads no disk), split at `---`, Lists
flattened, each mapped to its resource.
Errors read as cli-runtime's resource builder words them."""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from cluster.engine.api import resources
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

STDIN = "STDIN"


@dataclass
class Manifest:
    obj: Object
    resource: Resource
    namespace: str
    source: str

    @property
    def name(self) -> str:
        return self.obj.get("metadata", {}).get("name", "")


class Problems:
    """Errors gathered while going on with the other objects (ContinueOnError)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def raise_if_any(self) -> None:
        if len(self.messages) == 1:
            raise ExitError(self.messages[0])
        if self.messages:  # MultipleErrors: one `error: ` line each
            raise ExitError(
                "\n".join(m if m.startswith("error: ") else f"error: {m}" for m in self.messages)
            )


def read(ctx: Context, opts: Parsed, problems: Problems | None = None) -> list[Manifest]:
    """Every object in the -f sources; objects that cannot be mapped go to `problems` (or
    end the command when there is none to gather them)."""
    gathered = problems or Problems()
    found: list[Manifest] = []
    for source in opts.list("filename"):
        text = ctx.stdin if source == "-" else ctx.files.get(source)
        if text is None:
            raise ExitError(f'error: the path "{source}" does not exist')
        name = STDIN if source == "-" else source
        for obj in documents(text, name):
            for item in _flatten(obj):
                manifest = _mapped(ctx, opts, item, name, gathered)
                if manifest is not None:
                    found.append(manifest)
    if problems is None:
        gathered.raise_if_any()
    return found


def documents(text: str, source: str) -> list[Object]:
    """YAMLOrJSONDecoder: each `---`-separated document as an object; empty ones skipped."""
    found = []
    for document in _split(text, source):
        try:
            value = yaml.safe_load(document)
        except yaml.MarkedYAMLError as error:
            raise ExitError(
                f"error: error parsing {source}: error converting YAML to JSON: {_yaml_error(error)}"
            ) from None
        except yaml.YAMLError as error:
            raise ExitError(f"error: error parsing {source}: {error}") from None
        if value is None:
            continue
        if not isinstance(value, dict):
            raise ExitError(
                f'error: unable to decode "{source}": json: cannot unmarshal '
                f"{_json_type(value)} into Go value of type map[string]interface {{}}"
            )
        found.append(json.loads(json.dumps(value, default=str)))
    return found


def _split(text: str, source: str) -> list[str]:
    """YAMLReader: a line starting with `---` ends a document (only a comment may follow)."""
    documents, current = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("---"):
            rest = line[3:].strip()
            if rest and not rest.startswith("#"):
                raise ExitError(
                    f"error: error parsing {source}: invalid Yaml document separator: {rest}"
                )
            documents.append("".join(current))
            current = []
            continue
        current.append(line)
    documents.append("".join(current))
    return [d for d in documents if d.strip()]


def _yaml_error(error: yaml.MarkedYAMLError) -> str:
    """go-yaml's wording: `yaml: line N: problem`, N from the context mark if it has one."""
    scanner = isinstance(error, yaml.scanner.ScannerError)
    mark = (
        error.context_mark if error.context_mark and error.context_mark.line else error.problem_mark
    )
    line = (mark.line + (1 if scanner else 0)) if mark and mark.line else 0
    where = f"line {line}: " if line else ""
    return f"yaml: {where}{error.problem or 'unknown problem parsing YAML content'}"


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "string"


def _flatten(obj: Object) -> list[Object]:
    """FlattenListVisitor: a List's items, each in turn (Lists may nest)."""
    if str(obj.get("kind", "")).endswith("List") and isinstance(obj.get("items"), list):
        return [
            item for inner in obj["items"] if isinstance(inner, dict) for item in _flatten(inner)
        ]
    return [obj]


def _mapped(
    ctx: Context, opts: Parsed, obj: Object, source: str, problems: Problems
) -> Manifest | None:
    kind, version = obj.get("kind"), obj.get("apiVersion")
    if not kind:
        raise ExitError(
            f"error: unable to decode \"{source}\": Object 'Kind' is missing in "
            f"'{json.dumps(obj, separators=(',', ':'))}'"
        )
    if not version:
        raise ExitError(
            f"error: unable to decode \"{source}\": Object 'apiVersion' is missing in "
            f"'{json.dumps(obj, separators=(',', ':'))}'"
        )
    resource = resource_for(str(version), str(kind))
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if resource is None:
        problems.add(
            f'error: resource mapping not found for name: "{meta.get("name", "")}" namespace: '
            f'"{meta.get("namespace", "")}" from "{source}": no matches for kind "{kind}" in '
            f'version "{version}"\nensure CRDs are installed first'
        )
        return None
    namespace = ""
    if resource.namespaced:
        namespace = meta.get("namespace") or ctx.namespace
        given = opts.text("namespace")
        if given and meta.get("namespace") and meta["namespace"] != given:
            raise ExitError(
                f'error: the namespace from the provided object "{meta["namespace"]}" does not '
                f"match the namespace \"{given}\". You must pass '--namespace={meta['namespace']}' "
                "to perform this operation."
            )
        obj.setdefault("metadata", {})["namespace"] = namespace  # the builder's SetNamespace
    return Manifest(obj, resource, namespace, source)


def resource_for(api_version: str, kind: str) -> Resource | None:
    """The RESTMapping of a group, version and kind the server serves, if it does."""
    for resource in resources.all_resources():
        if resource.kind == kind and resource.api_version == api_version:
            return resource
    return None
