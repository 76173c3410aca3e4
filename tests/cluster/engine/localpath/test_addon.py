"""kind's default storage: what every cluster is made with, as kind's node image applies its
default-storage manifest (less the provisioner's Deployment: it is a component here)."""

from __future__ import annotations

import json

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


def test_the_standard_class_is_the_default_and_waits_for_its_first_consumer():
    cluster = Cluster()
    assert run(cluster, "get", "storageclass").stdout == (
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      "
        "ALLOWVOLUMEEXPANSION   AGE\n"
        "standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   "
        "false                  0s\n"
    )


def test_the_provisioner_has_its_namespace_account_role_and_config():
    cluster = Cluster()
    assert "local-path-storage   Active" in run(cluster, "get", "namespaces").stdout
    allowed = run(
        cluster,
        "auth",
        "can-i",
        "create",
        "persistentvolumes",
        "--as=system:serviceaccount:local-path-storage:local-path-provisioner-service-account",
    )
    assert allowed.stdout == "yes\n"
    found = run(cluster, "get", "cm", "local-path-config", "-n", "local-path-storage", "-o", "json")
    config = json.loads(json.loads(found.stdout)["data"]["config.json"])
    assert config == {
        "nodePathMap": [
            {"node": "DEFAULT_PATH_FOR_NON_LISTED_NODES", "paths": ["/var/local-path-provisioner"]}
        ]
    }
