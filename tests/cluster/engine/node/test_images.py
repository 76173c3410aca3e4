"""The simulated registry: references normalized as containerd does, the tags that exist,
and the version of the software a tag holds."""

import pytest

from cluster.engine.node import images


@pytest.mark.parametrize(
    ("image", "reference"),
    [
        ("nginx", "docker.io/library/nginx:latest"),
        ("nginx:1.27", "docker.io/library/nginx:1.27"),
        ("kubelab/crashloop", "docker.io/kubelab/crashloop:latest"),
        ("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"),
        ("localhost:5000/app", "localhost:5000/app:latest"),
    ],
)
def test_a_reference_is_normalized_as_containerd_does(image, reference):
    assert str(images.parse(image)) == reference


@pytest.mark.parametrize(
    ("image", "found"),
    [
        ("nginx:1.27", True),
        ("nginx:1.27.5-alpine", True),
        ("nginx:1.277x", False),
        ("busybox:1.36", True),
        ("nosuch", False),
        ("gcr.io/google-samples/kubernetes-bootcamp:v1", True),
        ("gcr.io/google-samples/kubernetes-bootcamp:v2", False),
        ("perl:5.34.0", True),  # the docs' Job example
        ("perl:5.34", True),
        ("perl", True),
        ("perl:5.34.0-slim", True),
        ("perl:5.40-slim-bookworm", True),
        ("perl:5.34.0-threaded-bullseye", True),
        ("perl:slim", True),
        ("perl:6", False),
        ("perl:5.34.0-alpine", False),
    ],
)
def test_the_registry_has_only_the_tags_that_exist(image, found):
    assert (images.resolve(images.parse(image)) is not None) == found


@pytest.mark.parametrize(
    ("tag", "version"),
    [
        ("latest", "1.29.3"),
        ("stable", "1.28.0"),
        ("1.27", "1.27.5"),
        ("1.27.3", "1.27.3"),
        ("1.27-alpine", "1.27.5"),
    ],
)
def test_a_tag_holds_a_version_of_the_software(tag, version):
    assert images.lookup("nginx").version(tag) == version


@pytest.mark.parametrize(
    ("tag", "version"),
    [
        ("latest", "5.42.1"),
        ("5", "5.42.1"),
        ("5.34", "5.34.3"),  # 5.34's last release
        ("5.34.0", "5.34.0"),
        ("5.34.0-slim", "5.34.0"),
        ("slim-bookworm", "5.42.1"),
    ],
)
def test_a_perl_tag_holds_its_release(tag, version):
    assert images.lookup("perl").version(tag) == version


def test_digests_are_the_same_every_run_and_differ_between_references():
    first, second = images.parse("nginx:1.27"), images.parse("nginx:1.28")
    assert images.digest(first) == images.digest(images.parse("nginx:1.27"))
    assert images.digest(first) != images.digest(second)


def test_pulling_takes_as_long_as_the_image_is_big():
    assert images.pull_ms(images.lookup("nginx")) == 2880
    assert images.pull_ms(images.lookup("busybox")) == 200


@pytest.mark.parametrize(
    ("reference", "release"),
    [
        ("busybox:1.28", "1.28"),
        ("busybox", "1.37.0"),
        ("busybox:1.36.1-musl", "1.36.1"),
        ("registry.k8s.io/busybox", "1.27.2"),
        ("alpine:3.20", images.ALPINE_BUSYBOX),
        ("nginx:1.27", ""),
    ],
)
def test_the_busybox_release_of_an_images_userland(reference, release):
    parsed = images.parse(reference)
    assert images.busybox_release(images.resolve(parsed), parsed) == release


@pytest.mark.parametrize(
    ("reference", "libc"),
    [
        ("busybox", "glibc"),  # docker-library's default variant since December 2022
        ("busybox:1.36.1", "glibc"),
        ("busybox:1.34", "glibc"),
        ("busybox:1.33.1", "uclibc"),  # the default before
        ("busybox:1.28", "uclibc"),
        ("registry.k8s.io/busybox", "uclibc"),
        ("busybox:1.28-glibc", "glibc"),
        ("busybox:1.36.1-musl", "musl"),
        ("busybox:uclibc", "uclibc"),
        ("alpine:3.20", "musl"),
        ("curlimages/curl", "musl"),
        ("nginx:1.27", "glibc"),
        ("nginx:1.27-alpine", "musl"),
        ("redis:alpine", "musl"),
        ("redis:7.4", "glibc"),
    ],
)
def test_the_c_library_of_an_images_userland(reference, libc):
    parsed = images.parse(reference)
    assert images.libc(images.resolve(parsed), parsed) == libc


def test_a_release_is_its_numbers():
    assert images.release("1.36.1") == (1, 36, 1)
    assert images.release("1.28") == (1, 28)
    assert images.release("") == ()
