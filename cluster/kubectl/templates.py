"""`-o jsonpath=...`, `-o jsonpath-as-json=...` and `-o custom-columns=...`: kubectl's
JSONPathPrinter and CustomColumnsPrinter over the objects `kubectl get` fetched."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from cluster.engine.api.field import go_quote
from cluster.engine.api.meta import Object
from cluster.kubectl import gotemplate, jsonpath, printers
from cluster.kubectl.context import ExitError
from cluster.kubectl.flags import Parsed

FORMATS = (
    "jsonpath",
    "jsonpath-as-json",
    "custom-columns",
    "custom-columns-file",
    "go-template",
    "template",
)
# the formats whose template is a file's, and the format of the template it holds
FILE_FORMATS = {
    "go-template-file": "go-template",
    "templatefile": "go-template",
    "jsonpath-file": "jsonpath",
    "custom-columns-file": "custom-columns",
}
COLUMNS_FILE = (
    "Expected format is one line of space separated headers, one line of space separated "
    "column specs."
)
Printer = Callable[[Object], str]
_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


def read_template_file(opts: Parsed, files: Mapping[str, str]) -> None:
    """-o FORMAT-file=PATH (or with --template=PATH): the template read from the file, as
    kubectl's print flags read it, and the format made the one it holds; --template alone
    asks for a go-template."""
    output = opts.text("output")
    if not output and opts.text("template"):
        opts.values["output"] = "go-template"
    name, _, path = output.partition("=")
    if name not in FILE_FORMATS:
        return
    path = path or opts.text("template")
    if not path:  # the format read inline says what is missing
        opts.values["output"] = FILE_FORMATS[name]
        return
    content = files.get(path)
    if content is None:
        what = "template" if name == "custom-columns-file" else "--template"
        raise ExitError(
            f"error: error reading {what} {path}, open {path}: no such file or directory"
        )
    if name == "custom-columns-file":  # its headers may hold what an inline spec cannot
        opts.values["output"], opts.values["template"] = name, content
        return
    opts.values["output"] = f"{FILE_FORMATS[name]}={content}"


def _columns_of_file(content: str) -> list[tuple[str, list]]:
    """NewCustomColumnsPrinterFromTemplate: a line of headers over a line of specs."""
    lines = content.splitlines()
    if not lines:
        raise ExitError(f"error: invalid template, missing header line. {COLUMNS_FILE}")
    if len(lines) < 2:
        raise ExitError(f"error: invalid template, missing spec line. {COLUMNS_FILE}")
    headers, specs = lines[0].split(), lines[1].split()
    if len(headers) != len(specs):
        raise ExitError(
            f"error: number of headers ({len(headers)}) and field specifications "
            f"({len(specs)}) don't match"
        )
    return [_column(header, spec) for header, spec in zip(headers, specs, strict=True)]


def printer(
    output: str, no_headers: bool = False, template_flag: str = "", allow_missing: bool = True
) -> Printer | None:
    """The printer an `-o FORMAT=TEMPLATE` (or `-o FORMAT --template=TEMPLATE`) asks for (None:
    not a template format); a bad template ends the command with kubectl's error. Without
    `allow_missing` (--allow-missing-template-keys=false), a JSONPath field found nowhere is
    an error."""
    name, _, template = output.partition("=")
    template = template or template_flag
    if name not in FORMATS:
        return None
    if name == "custom-columns":
        if not template:
            raise ExitError("error: custom-columns format specified but no custom columns given")
        return _custom_columns(custom_columns(template), no_headers)
    if name == "custom-columns-file":  # read by read_template_file: always with headers
        return _custom_columns(_columns_of_file(template), no_headers=False)
    if not template:
        raise ExitError("error: template format specified but no template given")
    if name in ("go-template", "template"):
        return _go_template(template)
    try:
        parsed = jsonpath.parse(template)
    except jsonpath.JSONPathError as error:
        raise ExitError(f"error: error parsing jsonpath {template}, {error}") from None
    as_json = name == "jsonpath-as-json"
    return lambda obj: _execute(template, parsed, obj, as_json=as_json, allow_missing=allow_missing)


def _execute(raw: str, parsed: list, obj: Object, *, as_json: bool, allow_missing: bool) -> str:
    try:
        if as_json:
            found = jsonpath.results(parsed, obj, allow_missing)
            return "".join(json.dumps(f, indent=4, sort_keys=True) + "\n" for f in found)
        return jsonpath.execute(parsed, obj, allow_missing)
    except jsonpath.JSONPathError as error:
        raise ExitError(  # the debugging text, then the line end Errorf("...%v\n") adds
            f"error: error executing jsonpath {go_quote(raw)}: Error executing template: {error}. "
            "Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{raw}\n"
            f"\tobject given to jsonpath engine was:\n\t\t{jsonpath.go_syntax(obj)}\n\n\n"
        ) from None


def _go_template(template: str) -> Printer:
    try:
        tree = gotemplate.parse(template)
    except gotemplate.TemplateError as error:
        raise ExitError(f"error: error parsing template {template}, {error}") from None

    def print_object(obj: Object) -> str:
        try:
            return gotemplate.execute(tree, obj)
        except gotemplate.TemplateError as error:
            raw = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
            raise ExitError(
                f"Error executing template: {error}. Printing more information for debugging "
                f"the template:\n\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{raw}\n"
                f"\tobject given to template engine was:\n\t\t{jsonpath.go_v(obj)}\n\n"
                f'error: error executing template "{template}": {error}'
            ) from None

    return print_object


def relaxed(expression: str) -> str:
    """RelaxedJSONPathExpression: `.a.b`, `a.b`, `{a.b}` all mean `{.a.b}`."""
    if not expression:
        return expression
    match = _RELAXED.match(expression)
    if match is None:
        raise ExitError(
            "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
            "'{name1.name2}' or '{.name1.name2}'"
        )
    return "{." + (match.group(1) or match.group(2)) + "}"


def _custom_columns(columns: list[tuple[str, list]], no_headers: bool) -> Printer:
    def print_objects(document: Object) -> str:
        items = document["items"] if document.get("kind") == "List" else [document]
        rows = [] if no_headers else [[header for header, _ in columns]]
        rows += [custom_row(columns, item) for item in items]
        return printers.tabulate(rows)

    return print_objects


def custom_columns(spec: str) -> list[tuple[str, list]]:
    """The columns of a custom-columns spec: each header, and its parsed JSONPath."""
    columns: list[tuple[str, list]] = []
    for part in spec.split(","):
        header, colon, path = part.partition(":")
        if not colon:
            raise ExitError(
                f"error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )
        columns.append(_column(header, path))
    return columns


def _column(header: str, path: str) -> tuple[str, list]:
    try:
        return header, jsonpath.parse(relaxed(path))
    except jsonpath.JSONPathError as error:
        raise ExitError(f"error: {error}") from None


def custom_row(columns: list[tuple[str, list]], obj: Object) -> list[str]:
    """An object's cells in the custom columns."""
    return [_cell(parsed, obj) for _, parsed in columns]


def _cell(parsed: list, obj: Object) -> str:
    try:
        found = jsonpath.values(parsed, obj)
    except jsonpath.JSONPathError as error:
        raise ExitError(f"error: {error}") from None
    return ",".join(jsonpath.go_v(value) for value in found) if found else "<none>"
