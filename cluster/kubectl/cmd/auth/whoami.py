"""kubectl auth whoami: a SelfSubjectReview, as an ATTRIBUTE/VALUE table, JSON or YAML."""

from __future__ import annotations

from cluster.kubectl import printers
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Flag, Parsed

FLAGS = (Flag("output", "o"),)


def run(ctx: Context, opts: Parsed) -> None:
    output = opts.text("output")
    if output not in ("", "json", "yaml"):
        raise ExitError(
            f'error: unable to match a printer suitable for the output format "{output}", '
            "allowed formats are: json,yaml"
        )
    review = {
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {"creationTimestamp": None},
        "status": {"userInfo": {}},
    }
    answered = ctx.call("create", "selfsubjectreviews", body=review)
    if output == "json":
        ctx.out.write(printers.to_json(answered))
        return
    if output == "yaml":
        ctx.out.write(printers.to_yaml(answered))
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
