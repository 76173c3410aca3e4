"""kubectl create clusterrole: rules as create role makes them, non-resource URLs, an
aggregation rule, and kubectl's checks of each."""

import pytest
import yaml

from cluster.engine.cluster import Cluster
from tests.cluster.kubectl.helpers import run


@pytest.fixture
def cluster() -> Cluster:
    return Cluster()


def dry(cluster: Cluster, *argv: str) -> dict:
    result = run(cluster, "create", "clusterrole", "c", *argv, "-o", "yaml", "--dry-run=client")
    assert result.exit_code == 0, result
    return yaml.safe_load(result.stdout)


def test_rules_by_group_verbs_and_urls_without_repeats(cluster):
    role = dry(
        cluster,
        "--verb=get,*,list",
        "--resource=pods,pods/log,nodes.metrics.k8s.io,deploy.apps",
        "--non-resource-url=/a,/a,/logs/*",
    )
    assert role["rules"] == [
        {"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["*"]},
        {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["*"]},
        {"apiGroups": ["metrics.k8s.io"], "resources": ["nodes"], "verbs": ["*"]},
        {"nonResourceURLs": ["/a", "/logs/*"], "verbs": ["*"]},
    ]
    assert dry(cluster, "--verb=get", "--resource=*,pods")["rules"] == [
        {"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}
    ]


def test_an_aggregation_rule_and_no_rules(cluster):
    result = run(
        cluster,
        "create",
        "clusterrole",
        "c",
        "--aggregation-rule=a=b, c = d",
        "--aggregation-rule=e=f",
        "-o",
        "yaml",
        "--dry-run=client",
    )
    assert result.stdout == (
        "aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n      a: b\n      c: d\n"
        "      e: f\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n"
        "  name: c\nrules: null\n"
    )
    made = run(cluster, "create", "clusterrole", "c", "--aggregation-rule=a=b")
    assert made.stdout == "clusterrole.rbac.authorization.k8s.io/c created\n"


def test_an_unknown_verb_is_a_warning_for_resources(cluster):
    result = run(cluster, "create", "clusterrole", "c", "--verb=frob", "--resource=pods")
    assert (result.stdout, result.stderr) == (
        "clusterrole.rbac.authorization.k8s.io/c created\n",
        "Warning: 'frob' is not a standard resource verb\n",
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("--verb=get",), "error: one of resource or nonResourceURL must be specified\n"),
        (("--resource=pods",), "error: at least one verb must be specified\n"),
        (
            ("--aggregation-rule=a=b", "--verb=get"),
            "error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames\n",
        ),
        (
            ("--aggregation-rule=abc",),
            'error: invalid argument "abc" for "--aggregation-rule" flag: malformed pair, expect string=string\nSee \'kubectl create clusterrole --help\' for usage.\n',
        ),
        (("--verb=get", "--non-resource-url=logs"), "error: nonResourceURL should start with /\n"),
        (
            ("--verb=get", "--non-resource-url=/a*b"),
            "error: nonResourceURL only supports wildcard matches when '*' is at the end\n",
        ),
        (
            ("--verb=list", "--non-resource-url=/a"),
            "error: invalid verb: 'list' for nonResourceURL\n",
        ),
        (
            ("--verb=frob", "--resource=pods", "--non-resource-url=/a"),
            "Warning: 'frob' is not a standard resource verb\nerror: invalid verb: 'frob' for nonResourceURL\n",
        ),
        (
            ("--verb=bind", "--resource=pods"),
            "error: can not perform 'bind' on 'pods' in group ''\n",
        ),
        (
            ("--verb=get", "--resource=widgets.apps"),
            'the server doesn\'t have a resource type "widgets" in group "apps"\n',
        ),
        (
            ("--verb=get", "--resource=/log"),
            "error: resource must be specified if apiGroup/subresource specified\n",
        ),
    ],
)
def test_refusals(cluster, argv, error):
    result = run(cluster, "create", "clusterrole", "c", *argv)
    assert (result.stdout, result.stderr, result.exit_code) == ("", error, 1)
