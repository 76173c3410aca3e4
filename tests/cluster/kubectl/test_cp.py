"""kubectl cp: files into and out of a container through its tar, as kubectl 1.37 copies
them over KubeLab's API."""

import pytest

from cluster.engine.cluster import Cluster
from cluster.kubectl.main import copied_paths, kubectl


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    argv = ["run", "bb", "--image=busybox", "--", "sleep", "3600"]
    assert kubectl(argv, cluster.handle, cluster.admin).exit_code == 0
    cluster.run_until_idle()
    return cluster


def cp(cluster, *argv, files=None):
    return kubectl(["cp", *argv], cluster.handle, cluster.admin, files=files or {})


def test_a_file_copied_out_is_written_and_tar_speaks_on_stdout(cluster):
    copied = cp(cluster, "bb:/etc/hostname", "hostname.txt")
    assert copied.stdout == "tar: removing leading '/' from member names\n"
    assert (copied.files, copied.exit_code) == ({"hostname.txt": "bb\n"}, 0)
    directory = cp(cluster, "default/bb:/etc", "etc")
    assert directory.files["etc/hostname"] == "bb\n" and "etc/resolv.conf" in directory.files


def test_a_missing_file_is_said_by_tar_and_kubectl_still_succeeds(cluster):
    missing = cp(cluster, "bb:/nope", "nope.txt")
    assert (missing.stdout, missing.files, missing.exit_code) == (
        "tar: can't open '/nope': No such file or directory\n",
        {},
        0,
    )


def test_a_file_copied_in_lands_at_the_path_or_in_the_directory(cluster):
    files = {"up.txt": "hello\n"}
    assert cp(cluster, "up.txt", "bb:/tmp/there.txt", files=files).exit_code == 0
    assert cp(cluster, "up.txt", "bb:/tmp", files=files).exit_code == 0
    shown = kubectl(
        ["exec", "bb", "--", "cat", "/tmp/there.txt", "/tmp/up.txt"], cluster.handle, cluster.admin
    )
    assert shown.stdout == "hello\nhello\n"
    assert cp(cluster, "gone.txt", "bb:/tmp").stderr == (
        "error: gone.txt doesn't exist in local filesystem\n"
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["a"], "source and destination are required"),
        (["a", "b"], "one of src or dest must be a remote file specification"),
        (["a:x", "b:y"], "one of src or dest must be a local file specification"),
        ([":x", "b"], "filespec must match the canonical format: [[namespace/]pod:]file/path"),
        (["a/b/c:x", "b"], "filespec must match the canonical format: [[namespace/]pod:]file/path"),
        (["bb:", "b"], "filepath can not be empty"),
    ],
)
def test_file_specifications_are_checked_as_kubectl_checks_them(cluster, argv, error):
    assert cp(cluster, *argv).stderr == f"error: {error}\n"


def test_the_local_paths_a_command_copies_from_and_to():
    assert copied_paths(["cp", "up.txt", "bb:/tmp"]) == ("up.txt", "")
    assert copied_paths(["-n", "x", "cp", "-c", "c", "bb:/etc", "etc"]) == ("", "etc")
    assert copied_paths(["get", "pods"]) == copied_paths(["cp", "a", "b"]) == ("", "")
