"""The clusterrole-aggregation controller: aggregated ClusterRoles are given, in their
stored rules, the rules of the ClusterRoles their selectors pick."""

from cluster.engine.cluster import Cluster
from tests.cluster.engine.apiserver.rbac_helpers import (
    ask,
    binding,
    cluster_role,
    create,
    rule,
    sign_in,
    user,
)
from tests.cluster.engine.controllers.helpers import settle

MONITORING = cluster_role(
    "monitoring",
    aggregationRule={
        "clusterRoleSelectors": [{"matchLabels": {"aggregate-to-monitoring": "true"}}]
    },
)
PICKED = {"aggregate-to-monitoring": "true"}
CRONTABS = rule("get list watch", ("stable.example.com",), "crontabs")
PODS = rule("get", names="pods")


def rules_of(cluster: Cluster, name: str) -> list[dict]:
    return ask(cluster, cluster.admin, "get", "clusterroles", name=name).body.get("rules") or []


def test_the_default_aggregated_roles_hold_the_rules_of_the_roles_they_pick():
    cluster = Cluster()
    view, edit, admin = (rules_of(cluster, name) for name in ("view", "edit", "admin"))
    assert view == rules_of(cluster, "system:aggregate-to-view")
    assert edit == rules_of(cluster, "system:aggregate-to-edit") + view
    assert admin == edit + rules_of(cluster, "system:aggregate-to-admin")


def test_an_aggregated_role_gets_the_rules_of_a_role_labelled_for_it_later():
    cluster = Cluster()
    create(cluster, MONITORING)
    settle(cluster)
    assert rules_of(cluster, "monitoring") == []
    create(cluster, cluster_role("crontab-reader", CRONTABS, labels=PICKED))
    settle(cluster)
    assert rules_of(cluster, "monitoring") == [CRONTABS]
    updates = [
        (hop.source, hop.destination)
        for hop in cluster.trace.since(0)
        if hop.object == "clusterroles/monitoring" and hop.verb == "update"
    ]
    assert updates[0] == ("kube-controller-manager", "authentication")


def test_picked_roles_are_read_in_name_order_and_each_rule_is_kept_once():
    cluster = Cluster()
    create(cluster, cluster_role("b-pods", PODS, CRONTABS, labels=PICKED))
    create(cluster, cluster_role("a-pods", PODS, labels=PICKED))
    create(cluster, MONITORING)
    settle(cluster)
    assert rules_of(cluster, "monitoring") == [PODS, CRONTABS]


def test_a_role_that_loses_its_label_loses_its_rules_there():
    cluster = Cluster()
    create(cluster, MONITORING)
    create(cluster, cluster_role("crontab-reader", CRONTABS, labels=PICKED))
    settle(cluster)
    role = ask(cluster, cluster.admin, "get", "clusterroles", name="crontab-reader").body
    role["metadata"]["labels"] = {}
    assert ask(
        cluster, cluster.admin, "update", "clusterroles", name="crontab-reader", body=role
    ).ok
    settle(cluster)
    assert rules_of(cluster, "monitoring") == []


def test_a_user_bound_to_an_aggregated_role_may_do_what_it_picked():
    cluster = Cluster()
    jane = sign_in(cluster, "jane")
    create(cluster, MONITORING)
    create(cluster, binding("monitors", "ClusterRole/monitoring", user("jane")))
    settle(cluster)
    assert ask(cluster, jane, "get", "pods", "default", "web").code == 403
    create(cluster, cluster_role("pod-reader", PODS, labels=PICKED))
    settle(cluster)
    assert ask(cluster, jane, "get", "pods", "default", "web").code == 404


def test_an_invalid_selector_leaves_the_stored_rules_alone():
    cluster = Cluster()
    broken = cluster_role(
        "broken",
        PODS,
        aggregationRule={
            "clusterRoleSelectors": [{"matchExpressions": [{"key": "a", "operator": "In"}]}]
        },
    )
    create(cluster, broken)
    create(cluster, cluster_role("crontab-reader", CRONTABS, labels={"a": "b"}))
    settle(cluster)
    assert rules_of(cluster, "broken") == [PODS]
