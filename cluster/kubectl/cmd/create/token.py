"""kubectl create token SERVICE_ACCOUNT [--duration=D] [--audience=A ...]: a token the
cluster's kube-apiserver signs for the service account (a TokenRequest to its `token`
subresource), printed alone, or the whole TokenRequest with -o."""

from __future__ import annotations

import re

from cluster.engine.api.meta import Object
from cluster.engine.api.resources import AUTHENTICATION, Resource
from cluster.kubectl import outcome
from cluster.kubectl.cmd.create.common import name
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (
    outcome.OUTPUT,
    Flag("audience", repeated=True),
    Flag("duration", default="0s"),
    Flag("show-managed-fields", boolean=True),
    Flag("allow-missing-template-keys", boolean=True, default=True),
    Flag("template"),
)
TOKEN_REQUEST = Resource("tokenrequests", "TokenRequest", False, AUTHENTICATION)
NANOSECONDS = {"ns": 1, "us": 10**3, "µs": 10**3, "μs": 10**3, "ms": 10**6, "s": 10**9}
NANOSECONDS.update(m=60 * 10**9, h=3600 * 10**9)
_PART = re.compile(r"(\d*\.?\d*)([^\d.]*)")


def go_duration(text: str) -> int:
    """time.ParseDuration, in nanoseconds: `90s`, `1h30m`, `1.5h`, `0`."""
    sign, rest = (-1, text[1:]) if text.startswith("-") else (1, text.removeprefix("+"))
    if rest == "0":
        return 0
    if not rest:
        raise ValueError(f'time: invalid duration "{text}"')
    total, at = 0.0, 0
    while at < len(rest):
        found = _PART.match(rest, at)
        number, unit = found.groups() if found else ("", "")
        if number in ("", "."):
            raise ValueError(f'time: invalid duration "{text}"')
        if not unit:
            raise ValueError(f'time: missing unit in duration "{text}"')
        if unit not in NANOSECONDS:
            raise ValueError(f'time: unknown unit "{unit}" in duration "{text}"')
        total += float(number) * NANOSECONDS[unit]
        at = found.end() if found else len(rest)
    return sign * round(total)


def run(ctx: Context, opts: Parsed) -> None:
    account = name(opts, "create token")
    outcome.check_output(opts)
    duration = opts.text("duration", "0s")
    try:
        nanoseconds = go_duration(duration)
    except ValueError as error:
        raise ExitError(
            f'error: invalid argument "{duration}" for "--duration" flag: {error}\n'
            "See 'kubectl create token --help' for usage."
        ) from None
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
