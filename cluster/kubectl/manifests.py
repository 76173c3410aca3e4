"""Objects given with -f: YAML or JSON documents from standard input or from the files the
caller handed over (ctx.files: the built-in kubectl reads no disk), split at `---`, Lists
flattened, each mapped to its resource.
Errors read as cli-runtime's resource builder words them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from cluster.engine.api import labels, resources
from cluster.engine.api.field import go_quote
from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubeapi import goyaml
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
        if self.messages:  # MultipleErrors: one line each, with no `error: ` before it
            raise ExitError("\n".join(m.removeprefix("error: ") for m in self.messages))


MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")  # what kubectl takes of a directory


def read(ctx: Context, opts: Parsed, problems: Problems | None = None) -> list[Manifest]:
    """Every object in the -f sources; objects that cannot be mapped go to `problems` (or
    end the command when there is none to gather them)."""
    gathered = problems or Problems()
    found: list[Manifest] = []
    for item in read_in_order(ctx, opts):
        if isinstance(item, str):
            gathered.add(item)
        else:
            found.append(item)
    if problems is None:
        gathered.raise_if_any()
    return found


def read_in_order(ctx: Context, opts: Parsed) -> list[Manifest | str]:
    """Every object in the -f sources in order, or in its place why it cannot be used; with
    -l, only the objects whose labels it selects."""
    selected = _selector(opts)
    found: list[Manifest | str] = []
    for path in opts.list("filename"):
        for text, source in _sources(ctx, path, opts.flag("recursive")):
            for obj in documents(text, source):
                items = (i for i in flatten(obj) if selected.matches(_labels_of(i)))
                found += [_mapped(ctx, opts, item, source) for item in items]
    return found


def _selector(opts: Parsed) -> labels.Selector:
    """-l, as the resource builder filters the objects of files by it."""
    text = opts.text("selector")
    try:
        return labels.parse(text)
    except labels.SelectorError as error:
        raise ExitError(
            f"error: the provided selector {go_quote(text)} is not valid: {error}"
        ) from None


def _labels_of(obj: Object) -> dict[str, str]:
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    found = meta.get("labels") if isinstance(meta, dict) else None
    return found if isinstance(found, dict) else {}


def _sources(ctx: Context, path: str, recursive: bool) -> list[tuple[str, str]]:
    """The texts -f names, each with its source: standard input, a file, or a directory's
    .json, .yaml and .yml files in lexical order (its subdirectories' too with -R)."""
    if path == "-":
        return [(ctx.stdin, STDIN)]
    text = ctx.files.get(path)
    if text is not None:
        return [(text, path)]
    folder = path.rstrip("/") + "/"
    inside = sorted(
        name
        for name in ctx.files
        if name.startswith(folder)
        and name.endswith(MANIFEST_SUFFIXES)
        and (recursive or "/" not in name[len(folder) :])
    )
    if not inside:
        raise ExitError(f'error: the path "{path}" does not exist')
    return [(ctx.files[name], name) for name in inside]


def documents(text: str, source: str) -> list[Any]:
    """YAMLOrJSONDecoder: JSON values one after another when the text starts with `{`,
    else each `---`-separated YAML document; empty ones skipped."""
    if text.lstrip().startswith("{"):
        return _json_stream(text, source)
    found = []
    for document in _split(text, source):
        try:
            value = goyaml.load(document)
        except yaml.MarkedYAMLError as error:
            raise ExitError(
                f"error: error parsing {source}: error converting YAML to JSON: {_yaml_error(error)}"
            ) from None
        except yaml.YAMLError as error:
            raise ExitError(f"error: error parsing {source}: {error}") from None
        if value is None:
            continue
        found.append(json.loads(json.dumps(value, default=str)))
    return found


def _json_stream(text: str, source: str) -> list[Any]:
    decoder, found, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        try:
            value, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as error:
            raise ExitError(f"error: error parsing {source}: {_go_json_error(error)}") from None
        found.append(value)
    return found


# Python's words for a JSON syntax error, and encoding/json's
_GO_JSON = (
    ("Expecting value", "looking for beginning of value"),
    ("Expecting ',' delimiter", "after object key:value pair"),
    ("Expecting ':' delimiter", "after object key"),
    ("Expecting property name", "looking for beginning of object key string"),
)


def _go_json_error(error: json.JSONDecodeError) -> str:
    if not error.doc[error.pos :].strip():
        return "unexpected EOF"
    where = next((go for py, go in _GO_JSON if error.msg.startswith(py)), error.msg)
    return f"json: offset {error.pos + 1}: invalid character '{error.doc[error.pos]}' {where}"


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


# PyYAML's words for a problem, and go-yaml's (the YAML parser kubectl is built with)
_GO_PROBLEMS = (
    ("mapping values are not allowed here", "mapping values are not allowed in this context"),
    ("that cannot start any token", "found character that cannot start any token"),
    ("expected ',' or ']'", "did not find expected ',' or ']'"),
    ("expected ',' or '}'", "did not find expected ',' or '}'"),
    ("found undefined alias", "unknown anchor {alias} referenced"),
    ("expected the node content", "did not find expected node content"),
)


def one_document(text: str) -> Any:
    """sigs.k8s.io/yaml's reading of one YAML document (a patch, a kubeconfig); an error
    counts lines as go-yaml does, the end of a text that has no line end being a line of its
    own."""
    return goyaml.load(text if text.endswith("\n") else f"{text}\n")


def _yaml_error(error: yaml.MarkedYAMLError) -> str:
    """go-yaml's wording: `yaml: line N: problem`, N from the problem's mark if it is past
    the first line, else the context's (scanner errors count lines from one)."""
    scanner = isinstance(error, yaml.scanner.ScannerError)
    line = 0
    for mark in (error.problem_mark, error.context_mark):
        if mark is not None and mark.line:
            line = mark.line + (1 if scanner else 0)
            break
    where = f"line {line}: " if line else ""
    return f"yaml: {where}{_go_problem(error)}"


def _go_problem(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "unknown problem parsing YAML content"
    if problem.startswith("expected <block end>"):
        collection = error.context == "while parsing a block collection"
        return "did not find expected '-' indicator" if collection else "did not find expected key"
    for pyyaml, go in _GO_PROBLEMS:
        if pyyaml in problem:
            # replace, not format: some of go-yaml's words have braces of their own
            return go.replace("{alias}", problem.rsplit(" ", 1)[-1])
    return problem


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "string"


def flatten(obj: Any) -> list[Any]:
    """FlattenListVisitor: a List's items, each in turn (Lists may nest)."""
    if (
        isinstance(obj, dict)
        and str(obj.get("kind", "")).endswith("List")
        and isinstance(obj.get("items"), list)
    ):
        return [
            item for inner in obj["items"] if isinstance(inner, dict) for item in flatten(inner)
        ]
    return [obj]


def _mapped(ctx: Context, opts: Parsed, obj: Any, source: str) -> Manifest | str:
    """The object and its resource, or why it has none (an error message)."""
    why = _invalid(obj) if opts.text("validate", "strict") not in ("false", "ignore") else ""
    if why:
        return (
            f'error: error validating "{source}": error validating data: {why}; if you choose '
            "to ignore these errors, turn validation off with --validate=false"
        )
    if not isinstance(obj, dict):
        return (
            f'error: unable to decode "{source}": json: cannot unmarshal '
            f"{_json_type(obj)} into Go value of type map[string]interface {{}}"
        )
    kind, version = obj.get("kind"), obj.get("apiVersion")
    if not kind or not version:
        missing = "Kind" if not kind else "apiVersion"
        return (
            f"error: unable to decode \"{source}\": Object '{missing}' is missing in "
            f"'{json.dumps(obj, separators=(',', ':'))}'"
        )
    resource = resource_for(str(version), str(kind))
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if resource is None:
        return (
            f'error: resource mapping not found for name: "{meta.get("name", "")}" namespace: '
            f'"{meta.get("namespace", "")}" from "{source}": no matches for kind "{kind}" in '
            f'version "{version}"\nensure CRDs are installed first'
        )
    namespace = ""
    if resource.namespaced:
        namespace = meta.get("namespace") or ctx.namespace
        given = opts.text("namespace")
        if given and meta.get("namespace") and meta["namespace"] != given:
            return (
                f'error: the namespace from the provided object "{meta["namespace"]}" does not '
                f"match the namespace \"{given}\". You must pass '--namespace={meta['namespace']}' "
                "to perform this operation."
            )
        if not opts.flag("local"):  # the builder's SetNamespace (--local's have no mapping)
            obj.setdefault("metadata", {})["namespace"] = namespace
    return Manifest(obj, resource, namespace, source)


def _invalid(obj: object) -> str:
    """getObjectKind, as kubectl's schema validation checks a document before anything else."""
    if not isinstance(obj, dict) or not obj:
        return "invalid object to validate"
    if obj.get("apiVersion") is None:
        return "apiVersion not set"
    if not isinstance(obj["apiVersion"], str):
        return "apiVersion isn't string type"
    if obj.get("kind") is None:
        return "kind not set"
    if not isinstance(obj["kind"], str):
        return "kind isn't string type"
    return ""


def resource_for(api_version: str, kind: str) -> Resource | None:
    """The RESTMapping of a group, version and kind the server serves, if it does."""
    for resource in resources.all_resources():
        if resource.kind == kind and resource.api_version == api_version:
            return resource
    return None
