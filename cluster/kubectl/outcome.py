"""What a command that changes objects prints: `deployment.apps/web created`, or the object
itself with -o yaml|json|name, with the dry-run notes kubectl adds."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import Resource
from cluster.kubectl import printers, templates
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed

DRY_RUN = Flag("dry-run", default="none")
OUTPUT = Flag("output", "o")
# kubectl's PrintFlags: what every command that prints the objects it acts on takes
PRINT = (
    OUTPUT,
    Flag("show-managed-fields", boolean=True),
    Flag("allow-missing-template-keys", boolean=True, default=True),
    Flag("template"),
)
OUTPUTS = ("", "yaml", "kyaml", "json", "name")
TEMPLATES = ("jsonpath", "jsonpath-as-json", "go-template", "template")
ALLOWED = (
    "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,"
    "template,templatefile,yaml"
)


def qualified(resource: Resource, name: str) -> str:
    """`deployment.apps/web`, `pod/web`: a resource's kind and group, and the name."""
    kind = resource.kind.lower()
    return f"{kind}.{resource.group}/{name}" if resource.group else f"{kind}/{name}"


def dry_run(opts: Parsed) -> str:
    """`none`, `client` or `server`, as --dry-run takes them."""
    value = opts.text("dry-run", "none")
    if value not in ("none", "client", "server"):
        raise ExitError(
            f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".'
        )
    return value


def dry_run_query(mode: str) -> dict[str, str]:
    return {"dryRun": "All"} if mode == "server" else {}


# --validate's values and the fieldValidation kube-apiserver is asked for
VALIDATION = {
    "strict": "Strict",
    "true": "Strict",
    "warn": "Warn",
    "ignore": "Ignore",
    "false": "Ignore",
}


def write_query(opts: Parsed, mode: str, manager: str = "") -> dict[str, str]:
    """A write's query: its dry run, the field manager kubectl names it with (the
    command's --field-manager, else `manager`) and the field validation --validate asks."""
    query = dry_run_query(mode)
    name = opts.text("field-manager") or manager
    if name:
        query["fieldManager"] = name
    validate = opts.text("validate")  # only the commands that have --validate send it
    if validate:
        query["fieldValidation"] = VALIDATION.get(validate.lower(), "Strict")
    return query


def check_output(opts: Parsed) -> None:
    output = opts.text("output")
    if output not in OUTPUTS and output.partition("=")[0] not in TEMPLATES:
        raise ExitError(
            f'error: unable to match a printer suitable for the output format "{output}", '
            f"allowed formats are: {ALLOWED}"
        )


def with_source(status: Object, verb: str, source: str) -> str:
    """AddSourceToErr: a server's refusal, saying which input it was about."""
    message = f'error when {verb} "{source}": {status.get("message", "")}'
    return server_error({**status, "message": message})


def _typed(obj: Object, resource: Resource) -> Object:
    obj.setdefault("apiVersion", resource.api_version)
    obj.setdefault("kind", resource.kind)
    return obj


def report(
    ctx: Context, opts: Parsed, resource: Resource, obj: Object, action: str, typed: bool = False
) -> None:
    """Print the outcome for one object the way kubectl's printers do (`typed`: an object
    kubectl holds as a Go struct, whose JSON keeps the struct's field order)."""
    output = opts.text("output")
    template = (
        templates.printer(
            output,
            template_flag=opts.text("template"),
            allow_missing=opts.flag("allow-missing-template-keys"),
        )
        if output.partition("=")[0] in TEMPLATES
        else None
    )
    if template is not None:
        ctx.out.write(template(_typed(obj, resource)))
        return
    if output in ("yaml", "kyaml", "json"):
        shown = _typed(obj, resource)
        if not opts.flag("show-managed-fields"):
            shown = printers.without_managed_fields(shown)
        if output == "json":
            ctx.out.write(printers.to_json(shown, typed))
        elif output == "kyaml":
            ctx.out.write(printers.to_kyaml(shown, typed))
        else:  # YAMLPrinter: a document separator before every object but the first
            ctx.out.write(("---\n" if ctx.out.tell() else "") + printers.to_yaml(shown, typed))
        return
    name = qualified(resource, obj.get("metadata", {}).get("name") or "<unknown>")
    if output == "name":
        ctx.out.write(f"{name}\n")
        return
    mode = opts.text("dry-run", "none")
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")
    ctx.out.write(f"{name} {action}{suffix}\n")
