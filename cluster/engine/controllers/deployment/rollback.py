"""Rollback to a revision asked for with the deprecated rollback annotation
(deployment/rollback.go). Modern `kubectl rollout undo` patches the template itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cluster.engine.api.meta import Object
from cluster.engine.controllers.deployment import sync
from cluster.engine.controllers.deployment import util as du
from cluster.engine.events import NORMAL, WARNING

if TYPE_CHECKING:
    from cluster.engine.controllers.deployment.controller import DeploymentController


def rollback(dc: DeploymentController, d: Object, replica_sets: list[Object]) -> None:
    new, old = sync.get_all_replica_sets_and_sync_revision(dc, d, replica_sets, create=True)
    all_rss = [rs for rs in (*old, new) if rs is not None]
    wanted = du.rollback_to(d) or du.last_revision(all_rss)
    if wanted == 0:
        dc.recorder.event(d, WARNING, du.ROLLBACK_REVISION_NOT_FOUND, du.NO_LAST_REVISION)
        _clear_rollback_to(dc, d)
        return
    for rs in all_rss:
        if du.revision(rs) == wanted:
            _rollback_to_template(dc, d, rs, wanted)
            return
    dc.recorder.event(d, WARNING, du.ROLLBACK_REVISION_NOT_FOUND, du.NO_REVISION)
    _clear_rollback_to(dc, d)


def _rollback_to_template(dc: DeploymentController, d: Object, rs: Object, wanted: int) -> None:
    name = d["metadata"]["name"]
    if du.equal_ignore_hash(d["spec"]["template"], rs["spec"]["template"]):
        dc.recorder.event(d, WARNING, du.ROLLBACK_TEMPLATE_UNCHANGED, du.SAME_TEMPLATE.format(name))
        _clear_rollback_to(dc, d)
        return
    du.set_from_replica_set_template(d, rs)
    _clear_rollback_to(dc, d)
    dc.recorder.event(d, NORMAL, du.ROLLBACK_DONE, du.ROLLED_BACK.format(name, wanted))


def _clear_rollback_to(dc: DeploymentController, d: Object) -> None:
    (d["metadata"].get("annotations") or {}).pop(du.ROLLBACK_TO_ANNOTATION, None)
    dc.update(d)
