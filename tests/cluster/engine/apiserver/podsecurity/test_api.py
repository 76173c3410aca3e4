"""The policy a namespace's labels ask for, as PolicyToEvaluate reads them."""

from cluster.engine.apiserver.podsecurity.api import (
    LATEST,
    LevelVersion,
    Policy,
    parse_version,
    policy_to_evaluate,
)

P = "pod-security.kubernetes.io/"


def test_no_labels_ask_for_privileged_latest_throughout():
    assert policy_to_evaluate({"kubernetes.io/metadata.name": "a"}) == (Policy(), [])


def test_warn_is_at_least_as_strict_as_enforce_unless_it_is_labelled():
    policy, problems = policy_to_evaluate(
        {P + "enforce": "baseline", P + "enforce-version": "v1.30"}
    )
    assert problems == []
    assert policy.warn == policy.enforce == LevelVersion("baseline", (1, 30))
    policy, _ = policy_to_evaluate({P + "enforce": "restricted", P + "warn": "privileged"})
    assert policy.warn == LevelVersion("privileged", LATEST)


def test_bad_labels_are_reported_and_fail_closed_for_enforce_only():
    policy, problems = policy_to_evaluate(
        {P + "enforce": "x", P + "audit": "y", P + "warn-version": "1"}
    )
    assert policy.enforce.level == "restricted" and policy.audit.level == "privileged"
    assert policy.warn == LevelVersion("privileged", LATEST)
    assert [str(p) for p in problems] == [
        'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "x": must be one of '
        "privileged, baseline, restricted",
        'metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "y": must be one of '
        "privileged, baseline, restricted",
        'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1": must be '
        '"latest" or "v1.x"',
    ]


def test_versions_are_latest_or_v1_minor_without_leading_zeros():
    assert [parse_version(v) for v in ("latest", "v1.0", "v1.30", "v1.05", "v2.1")] == [
        LATEST,
        (1, 0),
        (1, 30),
        None,
        None,
    ]
    assert str(LevelVersion("baseline", (1, 30))) == "baseline:v1.30"
    assert str(LevelVersion()) == "privileged:latest"
