"""Which Services a pod's change makes the endpoints controllers sync (GetPodUpdateProjectionKey
and GetServicesToUpdate): only a change their endpoints show, or one of which Services
select the pod."""

import copy
from typing import Any

import pytest

from cluster.engine.apiserver.watch import ADDED, DELETED, MODIFIED
from cluster.engine.cluster import Cluster
from cluster.engine.controllers.endpointutil import pod_services
from tests.cluster.engine.controllers.helpers import API, settle

READY = {"type": "Ready", "status": "True"}


def pod(**changes: Any) -> dict[str, Any]:
    """A running pod labelled app=web, its IP 10.244.1.5, Ready, unless `changes` (section_field=value)
    say otherwise; a changed pod has a newer resourceVersion."""
    found: dict[str, Any] = {
        "metadata": {"name": "p", "namespace": "default", "resourceVersion": str(8 + len(changes))},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
        "status": {"podIPs": [{"ip": "10.244.1.5"}], "conditions": [READY]},
    }
    found["metadata"]["labels"] = changes.pop("labels", {"app": "web"})
    for path, value in changes.items():
        section, _, key = path.partition("_")
        found[section][key] = value
    return found


@pytest.fixture(scope="module")
def services():
    cluster = Cluster()
    api = API(cluster)
    for name, chosen in (("web", {"app": "web"}), ("db", {"app": "db"}), ("all", None)):
        spec = {"ports": [{"port": 80}], **({"selector": chosen} if chosen else {})}
        api.create("services", {"metadata": {"name": name}, "spec": spec})
    settle(cluster)
    return cluster.controller_manager.informers.informer("services")


OLD = pod()


@pytest.mark.parametrize(
    ("new", "synced"),
    [
        (pod(metadata_annotations={"a": "b"}), []),
        (pod(status_conditions=[READY, {"type": "PodScheduled", "status": "True"}]), []),
        (pod(status_conditions=[{**READY, "status": "False"}]), ["default/web"]),
        (pod(status_podIPs=[{"ip": "10.244.1.6"}]), ["default/web"]),
        (pod(status_podIPs=[]), ["default/web"]),
        (pod(metadata_deletionTimestamp="2026-01-01T00:00:00Z"), ["default/web"]),
        (pod(spec_hostname="h"), []),  # no Service joined or left
        (pod(labels={"app": "db"}), ["default/db", "default/web"]),
        (pod(labels={"app": "db"}, status_podIPs=[]), ["default/db", "default/web"]),
        (pod(labels={"app": "web", "tier": "x"}, status_podIPs=[]), ["default/web"]),
    ],
)
def test_an_update_syncs_the_services_its_change_concerns(services, new, synced):
    assert pod_services(services, MODIFIED, new, OLD) == synced


def test_the_same_resource_version_is_a_resync_and_syncs_nothing(services):
    assert pod_services(services, MODIFIED, copy.deepcopy(OLD), OLD) == []


def test_a_pod_added_or_deleted_syncs_the_services_that_select_it(services):
    assert pod_services(services, ADDED, OLD, None) == ["default/web"]
    assert pod_services(services, DELETED, OLD, OLD) == ["default/web"]
