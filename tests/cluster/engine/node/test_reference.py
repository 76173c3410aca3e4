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
        "Registry.Example.com/app",
    ],
)
def test_valid_references_parse(image):
    assert reference.matches(image)
    assert reference.parse_normalized_error(image) == ""


@pytest.mark.parametrize(
    ("image", "error"),
    [
        ("NGINX", "invalid reference format: repository name (library/NGINX) must be lowercase"),
        ("team/App:1", "invalid reference format: repository name (team/App) must be lowercase"),
        (
            "Bad Image",
            "invalid reference format: repository name (library/Bad Image) must be lowercase",
        ),
        ("bad image", "invalid reference format"),
        ("nginx:", "invalid reference format"),
        ("nginx:-1", "invalid reference format"),
        ("-nginx", "invalid reference format"),
        ("nginx@sha256:abc", "invalid reference format"),
        ("nginx\n", "invalid reference format"),
        ("é", "invalid reference format"),
        (
            "a" * 64,
            f"invalid repository name ({'a' * 64}), cannot specify 64-byte hexadecimal strings",
        ),
    ],
)
def test_references_that_do_not_parse_say_why(image, error):
    assert reference.parse_normalized_error(image) == error


@pytest.mark.parametrize("image", ["NGINX", "bad image", "nginx:", "-nginx"])
def test_kubectl_run_checks_the_plain_grammar(image):
    assert not reference.matches(image)


def test_a_name_too_long_matches_the_grammar_but_does_not_parse():
    image = "a" * 250 + ":1.0"
    assert reference.matches(image)  # kubectl run lets it through; the kubelet does not
    assert reference.parse_normalized_error(image) == (
        "repository name must not be more than 255 characters"
    )
