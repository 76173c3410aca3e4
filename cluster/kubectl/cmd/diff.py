"""kubectl diff -f: what applying the files would change, as `diff -u -N` of two directories,
LIVE (each object as it is) and MERGED (as kube-apiserver would make it, asked with a dry
run: a create, apply's three-way patch, or with --server-side an apply patch). Exits 1 when
something would change, 0 when nothing would, and 2 when it could not tell."""

from __future__ import annotations

import difflib
import zlib
from datetime import UTC, datetime

from cluster.engine.api.merge import APPLY, STRATEGIC
from cluster.engine.api.meta import Object
from cluster.kubectl import manifests, printers, threeway
from cluster.kubectl.cmd import apply
from cluster.kubectl.context import Context, ExitError, server_error
from cluster.kubectl.flags import Flag, Parsed
from cluster.kubectl.manifests import Manifest

FLAGS = (
    Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True),
    Flag("selector", "l"),
    Flag("server-side", boolean=True),
    Flag("force-conflicts", boolean=True),
    Flag("field-manager", default=apply.CLIENT_SIDE_MANAGER),
    Flag("show-managed-fields", boolean=True),
    Flag("concurrency", default="1"),
)
DRY_RUN = {"dryRun": "All"}
CONTEXT_LINES = 3  # diff -u


def run(ctx: Context, opts: Parsed) -> None:
    try:
        versions = _versions(ctx, opts)
    except ExitError as error:  # CheckDiffErr: an error is exit code 2, the differences 1
        raise ExitError(error.message, 2) from None
    stamp = datetime.fromtimestamp(ctx.now, UTC).strftime("%Y-%m-%d %H:%M:%S.%f000 +0000")
    live_dir, merged_dir = (_temp_dir(side, ctx.now) for side in ("LIVE", "MERGED"))
    changed = False
    for name, live, merged in sorted(versions):
        if live == merged:
            continue
        changed = True
        before, after = f"{live_dir}/{name}", f"{merged_dir}/{name}"
        ctx.out.write(f"diff -u -N {before} {after}\n--- {before}\t{stamp}\n+++ {after}\t{stamp}\n")
        ctx.out.write(unified(live.splitlines(keepends=True), merged.splitlines(keepends=True)))
    if changed:
        raise ExitError("", 1)


def _versions(ctx: Context, opts: Parsed) -> list[tuple[str, str, str]]:
    """Each object's file name, and its LIVE and MERGED versions as YAML."""
    if not opts.list("filename"):
        raise ExitError("error: must specify one of -f and -k")
    found = []
    for manifest in manifests.read(ctx, opts):
        live, merged = _live_and_merged(ctx, opts, manifest)
        if not opts.flag("show-managed-fields"):
            live, merged = (printers.without_managed_fields(o) if o else o for o in (live, merged))
        if manifest.resource.kind == "Secret" and manifest.resource.group == "":
            live, merged = _masked(live, merged)
        texts = (printers.to_yaml(o) if o else "" for o in (live, merged))
        found.append((_file_name(manifest), *texts))
    return found


def _live_and_merged(
    ctx: Context, opts: Parsed, manifest: Manifest
) -> tuple[Object | None, Object]:
    resource, namespace, name = manifest.resource, manifest.namespace, manifest.name
    response = ctx.request("get", resource.name, namespace, name)
    if not response.ok and response.code != 404:
        raise ExitError(server_error(response.body))
    live = response.body if response.ok else None
    manager = opts.text("field-manager")
    if opts.flag("server-side"):
        query = {
            **DRY_RUN,
            "fieldManager": "kubectl" if manager == apply.CLIENT_SIDE_MANAGER else manager,
            "force": "true" if opts.flag("force-conflicts") else "false",
        }
        merged = ctx.request(
            "patch",
            resource.name,
            namespace,
            name,
            body=manifest.obj,
            content_type=APPLY,
            query=query,
        )
    elif live is None:
        query = {**DRY_RUN, "fieldManager": manager}
        merged = ctx.request("create", resource.name, namespace, body=manifest.obj, query=query)
    else:  # apply's three-way patch, leaving the last-applied annotation as it is
        original = apply.decoded(threeway.last_applied(live))
        change = threeway.patch(original, threeway.without_last_applied(manifest.obj), live)
        if not change:
            return live, live
        query = {**DRY_RUN, "fieldManager": manager}
        merged = ctx.request(
            "patch",
            resource.name,
            namespace,
            name,
            body=change,
            content_type=STRATEGIC,
            query=query,
        )
    if merged.code == 409:  # retried, the last time "without lock", to the same conflict
        gvk = f"{resource.group}/{resource.version}, Kind={resource.kind}"
        warning = f"Object ({gvk}: {name}) keeps changing, diffing without lock"
        ctx.err.write(_klog_warning(ctx.now, "diff.go:723", warning))
    if not merged.ok:
        raise ExitError(server_error(merged.body))
    return live, merged.body


def _klog_warning(now: int, where: str, message: str) -> str:
    """A klog warning line: Wmmdd hh:mm:ss.uuuuuu, the process, the source line."""
    stamp = datetime.fromtimestamp(now, UTC).strftime("%m%d %H:%M:%S.%f")
    return f"W{stamp} {zlib.crc32(where.encode()) % 30_000 + 1_000:>7} {where}] {message}\n"


def _file_name(manifest: Manifest) -> str:
    """InfoObject.Name: GROUP.VERSION.KIND.NAMESPACE.NAME (no group for the core one)."""
    resource = manifest.resource
    group = f"{resource.group}." if resource.group else ""
    return f"{group}{resource.version}.{resource.kind}.{manifest.namespace}.{manifest.name}"


def _masked(live: Object | None, merged: Object) -> tuple[Object | None, Object]:
    """The Masker: a Secret's values hidden, those that change told apart."""
    before = dict((live or {}).get("data") or {})
    after = dict(merged.get("data") or {})
    for key in before:
        if key in after and before[key] != after[key]:
            before[key], after[key] = "*** (before)", "*** (after)"
            continue
        if key in after:
            after[key] = "***"
        before[key] = "***"
    for key in after.keys() - before.keys():
        after[key] = "***"
    masked_live = {**live, "data": before} if live and "data" in live else live
    return masked_live, {**merged, "data": after} if "data" in merged else merged


def _temp_dir(side: str, now: int) -> str:
    """os.MkdirTemp's name for kubectl's directory: the side and a number."""
    return f"/tmp/{side}-{zlib.crc32(f'{side}{now}'.encode())}"


def unified(before: list[str], after: list[str]) -> str:
    """The hunks of `diff -u` between the two texts' lines."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out = []
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        first, last = group[0], group[-1]
        old = _range(first[1], last[2])
        new = _range(first[3], last[4])
        out.append(f"@@ -{old} +{new} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in before[i1:i2]]
                continue
            out += ["-" + line for line in before[i1:i2]]
            out += ["+" + line for line in after[j1:j2]]
    return "".join(out)


def _range(start: int, stop: int) -> str:
    """A hunk's range as diff writes it: `start,length`, the length left out when it is 1,
    and the line before the start when there are none."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"
