"""kubectl auth whoami: a SelfSubjectReview, as an ATTRIBUTE/VALUE table, JSON or YAML."""

from __future__ import annotations

from cluster.engine.api import resources
from cluster.kubectl import outcome, printers
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Parsed

FLAGS = outcome.PRINT
FORBIDDEN = (
    "the selfsubjectreviews API is not enabled in the cluster or you do not have permission "
    "to call it"
)


def run(ctx: Context, opts: Parsed) -> None:
    output = opts.text("output")
    outcome.check_output(opts)
    review = {
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {},
        "status": {"userInfo": {}},
    }
    response = ctx.request("create", "selfsubjectreviews", body=review)
    if response.code == 403:  # kubectl's forbiddenErr, whatever the server said
        raise ExitError(f"error: {FORBIDDEN}")
    if not response.ok:
        raise ExitError(server_error(response.body))
    answered = response.body
    if output:  # the typed struct kubectl decoded, a zero creationTimestamp left out (omitzero)
        meta = answered.get("metadata") or {}
        answered["metadata"] = {key: value for key, value in meta.items() if value is not None}
        reviews = resources.BY_NAME["selfsubjectreviews"]
        outcome.report(ctx, opts, reviews, answered, "", typed=True)
        return
    info = answered["status"].get("userInfo") or {}
    rows = [["ATTRIBUTE", "VALUE"]]
    if info.get("username"):
        rows.append(["Username", info["username"]])
    if info.get("uid"):
        rows.append(["UID", info["uid"]])
    if info.get("groups"):
        rows.append(["Groups", "[" + " ".join(info["groups"]) + "]"])
    for key in sorted(info.get("extra") or {}):
        rows.append([f"Extra: {key}", "[" + " ".join(info["extra"][key]) + "]"])
    ctx.out.write(printers.tabulate(rows))
