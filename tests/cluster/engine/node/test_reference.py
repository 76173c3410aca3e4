"""Image references, as distribution/reference parses them."""

import pytest

from cluster.engine.node import reference


@pytest.mark.parametrize(
    "image",
    [
        "nginx",
        "nginx:1.27",
        "library/nginx:latest",
        "registry.k8s.io/pause:3.10",
        "localhost:5000/team/app_v2__x--y:v1.0-rc.1",
        "[::1]:5000/app",
        "busybox@sha256:" + "a" * 64,
        "nginx:1.27@sha256:" + "0" * 64,
    ],
)
def test_valid_references_parse(image):
    assert reference.matches(image)
    assert reference.parse_error(image) == ""


@pytest.mark.parametrize(
    ("image", "error"),
    [
        ("BUSYBOX", "invalid reference format: repository name must be lowercase"),
        ("Bad Image", "invalid reference format"),
        ("nginx:", "invalid reference format"),
        ("nginx:-1", "invalid reference format"),
        ("-nginx", "invalid reference format"),
        ("nginx@sha256:abc", "invalid reference format"),
        ("nginx\n", "invalid reference format"),
        ("é", "invalid reference format"),
        ("", "repository name must have at least one component"),
    ],
)
def test_invalid_references_say_why(image, error):
    assert not reference.matches(image)
    assert reference.parse_error(image) == error


def test_a_name_too_long_matches_the_grammar_but_does_not_parse():
    image = "a" * 256 + ":1.0"
    assert reference.matches(image)  # kubectl run lets it through; the kubelet does not
    assert reference.parse_error(image) == (
        "invalid reference format: repository name must not be more than 255 characters"
    )
