"""The evaluator: which checks judge a pod at each level and version."""

from cluster.engine.apiserver.podsecurity.api import LATEST, LevelVersion
from cluster.engine.apiserver.podsecurity.check import Check, VersionedCheck, forbidden
from cluster.engine.apiserver.podsecurity.registry import Evaluator, aggregate


def saying(reason: str):
    return lambda meta, spec: forbidden(reason)


CHECKS = (
    Check("b", "baseline", (VersionedCheck((1, 0), saying("b")),)),
    Check(
        "a",
        "baseline",
        (VersionedCheck((1, 0), saying("a-old")), VersionedCheck((1, 2), saying("a"))),
    ),
    Check("r", "restricted", (VersionedCheck((1, 1), saying("r"), ("b",)),)),
)


def reasons(level: str, version: tuple[int, int]) -> list[str]:
    results = Evaluator(CHECKS).evaluate_pod(LevelVersion(level, version), {}, {})
    return [r.reason for r in results]


def test_baseline_checks_come_first_by_id_each_at_its_version():
    assert reasons("baseline", (1, 0)) == ["a-old", "b"]
    assert reasons("baseline", (1, 2)) == ["a", "b"]


def test_a_restricted_check_stands_in_for_the_baseline_ones_it_overrides():
    assert reasons("restricted", (1, 0)) == ["a-old", "b"]
    assert reasons("restricted", (1, 1)) == ["a-old", "r"]


def test_a_newer_version_than_any_check_is_the_newest_and_privileged_checks_nothing():
    assert reasons("restricted", LATEST) == reasons("restricted", (1, 40)) == ["a", "r"]
    assert reasons("privileged", LATEST) == []


def test_the_aggregate_joins_reasons_and_details_as_kubernetes_does():
    result = aggregate([forbidden("x", "why"), forbidden("", ""), forbidden("y")])
    assert not result.allowed
    assert result.reason() == "x, unknown forbidden reason, y"
    assert result.detail() == "x (why), unknown forbidden reason, y"
