"""kubectl create token SERVICE_ACCOUNT [--duration=D] [--audience=A ...]: a token the
cluster's kube-apiserver signs for the service account (a TokenRequest to its `token`
subresource), printed alone, or the whole TokenRequest with -o."""

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
)
TOKEN_REQUEST = Resource("tokenrequests", "TokenRequest", False, AUTHENTICATION)


def run(ctx: Context, opts: Parsed) -> None:
    account = name(opts, "create token")
    outcome.check_output(opts)
    nanoseconds = flags.duration(opts, "duration", "create token")
    if nanoseconds < 0:
        raise ExitError("error: --duration must be greater than or equal to 0")
    if nanoseconds % 10**9:
        raise ExitError("error: --duration cannot be expressed in units less than seconds")
    spec: Object = {"audiences": opts.list("audience")} if opts.list("audience") else {}
    if nanoseconds:
        spec["expirationSeconds"] = nanoseconds // 10**9
    body = {"apiVersion": TOKEN_REQUEST.api_version, "kind": "TokenRequest", "spec": spec}
    response = ctx.request(
        "create", "serviceaccounts", ctx.namespace, account, subresource="token", body=body
    )
    if not response.ok:
        raise ExitError(f"error: failed to create token: {response.body.get('message', '')}")
    if opts.text("output"):
        outcome.report(ctx, opts, TOKEN_REQUEST, response.body, "created")
    else:
        ctx.out.write(response.body["status"]["token"] + "\n")
