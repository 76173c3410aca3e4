"""kubectl config set-cluster NAME and set-credentials NAME: set the fields given of a
cluster or user entry, creating it if new. The built-in kubectl reads no certificate files,
so of the user's credentials it takes a token or a user name and password."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.kubectl import kubeconfig
from cluster.kubectl.cmd.config import contexts
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

HOME = "/root"  # the workspace, where kubectl runs, is the admin's home


def absolute(path: str) -> str:
    """filepath.Abs, from the workspace: the path of a file, not its content (the built-in
    kubectl reads no certificates)."""
    if not path or path.startswith("/"):
        return path
    return f"{HOME}/{path.removeprefix('./')}"


@dataclass(frozen=True)
class SetCluster:
    FLAGS: tuple[Flag, ...] = (
        Flag("tls-server-name"),
        Flag("insecure-skip-tls-verify", boolean=True),
        Flag("certificate-authority"),
        Flag("proxy-url"),
    )

    def run(self, ctx: Context, opts: Parsed) -> None:
        if len(opts.args) != 1:
            unexpected = f"Unexpected args: [{' '.join(opts.args)}]"
            raise contexts.help_error(ctx, "config set-cluster", unexpected)
        name = opts.args[0]
        if not name:
            raise ExitError("error: you must specify a non-empty cluster name")
        if opts.flag("insecure-skip-tls-verify") and opts.text("certificate-authority"):
            raise ExitError(
                "error: you cannot specify a certificate authority and insecure mode at the same "
                "time"
            )
        document = kubeconfig.config(ctx)
        cluster = dict(kubeconfig.entry(document, "clusters", name) or {"server": ""})
        if opts.get("server") is not None:
            cluster["server"] = opts.text("server")
            cluster.pop("tls-server-name", None)
        for field in ("tls-server-name", "proxy-url"):
            if opts.get(field) is not None:
                cluster[field] = opts.text(field)
        if opts.get("insecure-skip-tls-verify") is not None:
            cluster["insecure-skip-tls-verify"] = opts.flag("insecure-skip-tls-verify")
            if opts.flag("insecure-skip-tls-verify"):
                cluster.pop("certificate-authority", None)
                cluster.pop("certificate-authority-data", None)
        if opts.get("certificate-authority") is not None:
            cluster["certificate-authority"] = absolute(opts.text("certificate-authority"))
            if cluster["certificate-authority"]:
                cluster.pop("insecure-skip-tls-verify", None)
                cluster.pop("certificate-authority-data", None)
        kept = {key: value for key, value in cluster.items() if value or key == "server"}
        kubeconfig.put(document, "clusters", name, dict(sorted(kept.items())))
        kubeconfig.save(ctx, document)
        ctx.out.write(f'Cluster "{name}" set.\n')


@dataclass(frozen=True)
class SetCredentials:
    FLAGS: tuple[Flag, ...] = (
        Flag("client-certificate"),
        Flag("client-key"),
        Flag("username"),
        Flag("password"),
    )

    def run(self, ctx: Context, opts: Parsed) -> None:
        if len(opts.args) != 1:
            unexpected = f"unexpected args: [{' '.join(opts.args)}]"
            raise contexts.help_error(ctx, "config set-credentials", unexpected)
        name = opts.args[0]
        if not name:
            raise ExitError("error: you must specify a non-empty user name")
        methods = ["--token"] if opts.text("token") else []
        if opts.text("username") or opts.text("password"):
            methods.append("--username/--password")
        if len(methods) > 1:
            raise ExitError(
                "error: you cannot specify more than one authentication method at the same "
                f"time: {', '.join(methods)}"
            )
        document = kubeconfig.config(ctx)
        user = dict(kubeconfig.entry(document, "users", name) or {})
        for field in ("client-certificate", "client-key"):
            if opts.get(field) is not None:
                user[field] = absolute(opts.text(field))
                if user[field]:
                    user.pop(f"{field}-data", None)
        for field in ("token", "username", "password"):
            if opts.get(field) is not None:
                user[field] = opts.text(field)
        kept = {key: value for key, value in user.items() if value}
        kubeconfig.put(document, "users", name, dict(sorted(kept.items())))
        kubeconfig.save(ctx, document)
        ctx.out.write(f'User "{name}" set.\n')


SET_CLUSTER = SetCluster()
SET_CREDENTIALS = SetCredentials()
