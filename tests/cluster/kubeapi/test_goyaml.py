"""YAML read as sigs.k8s.io/yaml reads it."""

import pytest

from cluster.kubeapi import goyaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("y", True),
        ("Y", True),
        ("n", False),
        ("N", False),
        ("yes", True),
        ("off", False),
        ('"y"', "y"),
        ("yy", "yy"),
        ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("2026-01-01", "2026-01-01"),
        ("1.5", 1.5),
        ("~", None),
    ],
)
def test_plain_scalars_resolve_as_go_yaml_resolves_them(text, value):
    assert goyaml.load(f"v: {text}\n") == {"v": value}
