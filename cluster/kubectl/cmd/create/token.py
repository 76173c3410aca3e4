"""kubectl create token SERVICE_ACCOUNT [--duration=D] [--audience=A ...]
[--bound-object-kind=K --bound-object-name=N [--bound-object-uid=U]]: a token the cluster's
kube-apiserver signs for the service account (a TokenRequest to its `token` subresource),
printed alone, or the whole TokenRequest with -o."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import AUTHENTICATION, Resource
from cluster.kubectl import flags, outcome
from cluster.kubectl.cmd.create.common import name
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    *outcome.PRINT,
    Flag("audience", repeated=True),
    Flag("duration", default="0s"),
    Flag("bound-object-kind"),
    Flag("bound-object-name"),
    Flag("bound-object-uid"),
)
BOUND_OBJECT_KINDS = {"Node": "v1", "Pod": "v1", "Secret": "v1"}  # boundObjectKinds
TOKEN_REQUEST = Resource("tokenrequests", "TokenRequest", False, AUTHENTICATION)


def run(ctx: Context, opts: Parsed) -> None:
    account = name(opts, "create token")
    outcome.check_output(opts)
    nanoseconds = flags.duration(opts, "duration", "create token")
    if nanoseconds < 0:
        raise ExitError("error: --duration must be greater than or equal to 0")
    if nanoseconds % 10**9:
        raise ExitError("error: --duration cannot be expressed in units less than seconds")
    if any(not audience for audience in opts.list("audience")):
        raise ExitError("error: --audience must not be an empty string")
    spec: Object = {"audiences": opts.list("audience")} if opts.list("audience") else {}
    if nanoseconds:
        spec["expirationSeconds"] = nanoseconds // 10**9
    ref = _bound_object(opts)
    if ref:
        spec["boundObjectRef"] = ref
    body = {"apiVersion": TOKEN_REQUEST.api_version, "kind": "TokenRequest", "spec": spec}
    response = ctx.request(
        "create", "serviceaccounts", ctx.namespace, account, subresource="token", body=body
    )
    if not response.ok:
        raise ExitError(f"error: failed to create token: {response.body.get('message', '')}")
    if opts.text("output"):
        outcome.report(ctx, opts, TOKEN_REQUEST, response.body, "created", typed=True)
    else:
        ctx.out.write(response.body["status"]["token"] + "\n")


def _bound_object(opts: Parsed) -> Object:
    """The boundObjectRef the --bound-object-* flags give, checked as Validate does."""
    kind, name, uid = (opts.text(f"bound-object-{key}") for key in ("kind", "name", "uid"))
    if not kind:
        if name:
            raise ExitError(
                "error: --bound-object-name can only be set if --bound-object-kind is provided"
            )
        if uid:
            raise ExitError(
                "error: --bound-object-uid can only be set if --bound-object-kind is provided"
            )
        return {}
    if kind not in BOUND_OBJECT_KINDS:
        supported = ", ".join(sorted(BOUND_OBJECT_KINDS))
        raise ExitError(f"error: supported --bound-object-kind values are {supported}")
    if not name:
        raise ExitError("error: --bound-object-name is required if --bound-object-kind is provided")
    ref = {"kind": kind, "apiVersion": BOUND_OBJECT_KINDS[kind], "name": name}
    return {**ref, "uid": uid} if uid else ref
