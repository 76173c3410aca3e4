"""kubectl config view: the kubeconfig, its secrets shortened unless --raw, only the current
context's entries with --minify."""

from __future__ import annotations

from cluster.kubectl import kubeconfig, outcome, printers, templates
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    Flag("output", "o", default="yaml"),
    Flag("minify", boolean=True),
    Flag("raw", boolean=True),
    Flag("flatten", boolean=True),
    Flag("merge", boolean=True, default=True),
    Flag("allow-missing-template-keys", boolean=True, default=True),
    Flag("show-managed-fields", boolean=True),
    Flag("template"),
)


def run(ctx: Context, opts: Parsed) -> None:
    document = kubeconfig.config(ctx)
    if opts.flag("minify"):
        document = kubeconfig.minified(document, opts.text("context"))
    if not opts.flag("raw"):
        document = kubeconfig.shortened(document)
    output = opts.text("output")
    template = templates.printer(output, allow_missing=opts.flag("allow-missing-template-keys"))
    if template is not None:
        ctx.out.write(template(document))
    elif output in ("json", "yaml", "kyaml"):
        if output == "yaml":
            ctx.out.write(printers.to_yaml(document))
        else:  # the typed clientcmd Config
            printer = printers.to_json if output == "json" else printers.to_kyaml
            ctx.out.write(printer(document, typed=True))
    else:
        raise ExitError(
            f'error: unable to match a printer suitable for the output format "{output}", '
            f"allowed formats are: {outcome.ALLOWED}"
        )
