"""kubectl auth whoami: a SelfSubjectReview, as an ATTRIBUTE/VALUE table, JSON or YAML."""

from __future__ import annotations

import json
from typing import Any

from cluster.engine.api import resources
from cluster.kubectl import outcome, printers
from cluster.kubectl.context import Context
from cluster.kubectl.flags import Parsed

FLAGS = outcome.PRINT


def run(ctx: Context, opts: Parsed) -> None:
    output = opts.text("output")
    outcome.check_output(opts)
    review = {
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {},
        "status": {"userInfo": {}},
    }
    answered = ctx.call("create", "selfsubjectreviews", body=review)
    if output == "json":  # the typed struct kubectl decoded: its fields in declaration order
        ctx.out.write(json.dumps(_typed(answered), indent=4, ensure_ascii=False) + "\n")
        return
    if output:
        reviews = resources.BY_NAME["selfsubjectreviews"]
        outcome.report(ctx, opts, reviews, _typed(answered), "", typed=True)
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


def _typed(review: dict[str, Any]) -> dict[str, Any]:
    """SelfSubjectReview's fields, and UserInfo's, in the order Go declares them; a zero
    creationTimestamp is left out (omitzero)."""
    info = review.get("status", {}).get("userInfo") or {}
    meta = {
        key: value for key, value in (review.get("metadata") or {}).items() if value is not None
    }
    order = ("username", "uid", "groups", "extra")
    return {
        "kind": review.get("kind"),
        "apiVersion": review.get("apiVersion"),
        "metadata": meta,
        "status": {"userInfo": {key: info[key] for key in order if key in info}},
    }
