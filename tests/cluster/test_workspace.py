"""A cluster's workspace: its files, their names and limits, and that a refusal changes
nothing."""

import pytest
from django.contrib.auth import get_user_model

from cluster import workspace
from cluster.models import Cluster, WorkspaceFile
from cluster.workspace import WorkspaceError

pytestmark = pytest.mark.django_db


def make_cluster(owner: str = "ada", name: str = "default") -> Cluster:
    user, _ = get_user_model().objects.get_or_create(username=owner)
    return Cluster.objects.create(owner=user, name=name, seed=1, epoch=0, admin_token="t")


def test_a_file_put_is_listed_read_replaced_and_removed() -> None:
    cluster = make_cluster()
    workspace.workspace_put(cluster, "web.yaml", "kind: Pod\n")
    workspace.workspace_put(cluster, "./app.yaml", "kind: Service\n")
    assert workspace.workspace_names(cluster) == ["app.yaml", "web.yaml"]
    assert workspace.workspace_read(cluster, "web.yaml") == "kind: Pod\n"

    workspace.workspace_put(cluster, "web.yaml", "kind: Deployment\n")
    assert workspace.workspace_read(cluster, "./web.yaml") == "kind: Deployment\n"
    assert WorkspaceFile.objects.filter(cluster=cluster).count() == 2

    assert workspace.workspace_remove(cluster, "web.yaml") is True
    assert workspace.workspace_remove(cluster, "web.yaml") is False
    assert workspace.workspace_read(cluster, "web.yaml") is None
    assert workspace.workspace_names(cluster) == ["app.yaml"]


def test_each_cluster_has_a_workspace_of_its_own() -> None:
    mine, theirs = make_cluster("ada"), make_cluster("mallory")
    workspace.workspace_put(mine, "web.yaml", "mine\n")
    workspace.workspace_put(theirs, "web.yaml", "theirs\n")
    workspace.workspace_put(theirs, "secret.yaml", "theirs\n")
    assert workspace.workspace_names(mine) == ["web.yaml"]
    assert workspace.workspace_read(mine, "web.yaml") == "mine\n"
    assert workspace.workspace_read(mine, "secret.yaml") is None
    assert workspace.workspace_remove(mine, "secret.yaml") is False
    assert workspace.workspace_read(theirs, "secret.yaml") == "theirs\n"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "a file name is required"),
        ("./", "a file name is required"),
        ("..", "..: not a file name"),
        (".", ".: not a file name"),
        ("../web.yaml", "../web.yaml: the workspace has no directories: name a file in it"),
        ("/etc/passwd", "/etc/passwd: the workspace has no directories: name a file in it"),
        (
            "manifests/web.yaml",
            "manifests/web.yaml: the workspace has no directories: name a file in it",
        ),
        ("-f", '-f: file names may not start with "-"'),
        ("web yaml", 'web yaml: file names may only hold letters, digits, ".", "_", "-" and "+"'),
        ("web\nyaml", 'web\nyaml: file names may only hold letters, digits, ".", "_", "-" and "+"'),
        ("wéb.yaml", 'wéb.yaml: file names may only hold letters, digits, ".", "_", "-" and "+"'),
        ("x" * 256, f"{'x' * 40}...: File name too long"),
    ],
)
def test_names_that_are_no_plain_file_names_are_refused(path: str, message: str) -> None:
    cluster = make_cluster()
    with pytest.raises(WorkspaceError) as refused:
        workspace.workspace_put(cluster, path, "kind: Pod\n")
    assert str(refused.value) == message
    assert workspace.workspace_names(cluster) == []


def test_the_longest_name_and_the_biggest_file_fit() -> None:
    cluster = make_cluster()
    workspace.workspace_put(cluster, "x" * 255, "y" * workspace.MAX_BYTES)
    assert workspace.workspace_read(cluster, "x" * 255) == "y" * workspace.MAX_BYTES


def test_a_file_too_big_is_refused_and_the_old_content_stays() -> None:
    cluster = make_cluster()
    workspace.workspace_put(cluster, "web.yaml", "kind: Pod\n")
    # Bytes count, not characters: 2-byte letters reach the limit at half as many.
    for content in ("y" * (workspace.MAX_BYTES + 1), "é" * (workspace.MAX_BYTES // 2 + 1)):
        with pytest.raises(WorkspaceError) as refused:
            workspace.workspace_put(cluster, "web.yaml", content)
        assert str(refused.value) == "web.yaml: files are at most 256 KiB (this one is 256 KiB)"
    with pytest.raises(WorkspaceError, match=r"\(this one is 1024 KiB\)"):
        workspace.workspace_put(cluster, "web.yaml", "y" * 1024 * 1024)
    assert workspace.workspace_read(cluster, "web.yaml") == "kind: Pod\n"


@pytest.mark.parametrize("content", ["\x00ELF", "a\x1b[31mred", "\x7f", "half a pair \ud800"])
def test_binary_content_is_refused(content: str) -> None:
    cluster = make_cluster()
    with pytest.raises(WorkspaceError) as refused:
        workspace.workspace_put(cluster, "blob", content)
    assert str(refused.value) == "blob: binary content is not supported: files hold text"
    assert workspace.workspace_names(cluster) == []


def test_text_with_tabs_line_ends_and_any_language_is_kept_as_it_is() -> None:
    cluster = make_cluster()
    text = "a:\r\n\tb: ünïcödé 日本 🚢\n"
    workspace.workspace_put(cluster, "notes.txt", text)
    assert workspace.workspace_read(cluster, "notes.txt") == text


def test_a_full_workspace_refuses_a_new_file_but_replaces_an_old_one() -> None:
    cluster = make_cluster()
    for i in range(workspace.MAX_FILES):
        workspace.workspace_put(cluster, f"f{i:02}.yaml", "")
    with pytest.raises(WorkspaceError) as refused:
        workspace.workspace_put(cluster, "one-more.yaml", "kind: Pod\n")
    assert str(refused.value) == (
        "one-more.yaml: the workspace is full (64 files): remove one with rm first"
    )
    workspace.workspace_put(cluster, "f00.yaml", "kind: Pod\n")
    assert len(workspace.workspace_names(cluster)) == workspace.MAX_FILES
    assert workspace.workspace_read(cluster, "f00.yaml") == "kind: Pod\n"


def test_contents_are_found_by_the_names_given_and_others_left_out() -> None:
    cluster = make_cluster()
    workspace.workspace_put(cluster, "web.yaml", "kind: Pod\n")
    found = workspace.workspace_contents(
        cluster, ["web.yaml", "./web.yaml", "nope.yaml", "../x", "-"]
    )
    assert found == {"web.yaml": "kind: Pod\n", "./web.yaml": "kind: Pod\n"}


def test_a_clusters_files_go_with_it() -> None:
    cluster = make_cluster()
    workspace.workspace_put(cluster, "web.yaml", "kind: Pod\n")
    cluster.delete()
    assert WorkspaceFile.objects.count() == 0


def test_the_kubeconfig_is_the_one_file_in_a_directory() -> None:
    cluster = make_cluster()
    workspace.workspace_put(cluster, ".kube/config", "kind: Config\n")
    workspace.workspace_put(cluster, "web.yaml", "kind: Pod\n")
    assert workspace.workspace_read(cluster, "./.kube/config") == "kind: Config\n"
    assert workspace.kubectl_files(cluster, ["web.yaml", "nope.yaml"]) == {
        "web.yaml": "kind: Pod\n",
        ".kube/config": "kind: Config\n",
    }
    with pytest.raises(WorkspaceError):
        workspace.workspace_put(cluster, ".kube/other", "x\n")


def test_what_kubectl_wrote_is_kept_and_a_refusal_is_its_error() -> None:
    cluster = make_cluster()
    answer = {"stdout": "ok\n", "stderr": "", "exitCode": 0, "files": {".kube/config": "a\n"}}
    assert workspace.keep_kubectl_files(cluster, answer) == {
        "stdout": "ok\n",
        "stderr": "",
        "exitCode": 0,
    }
    assert workspace.workspace_read(cluster, ".kube/config") == "a\n"
    answer["files"] = {".kube/config": "\x00"}
    assert workspace.keep_kubectl_files(cluster, answer) == {
        "stdout": "ok\n",
        "stderr": "error: .kube/config: binary content is not supported: files hold text\n",
        "exitCode": 1,
    }
    assert workspace.workspace_read(cluster, ".kube/config") == "a\n"
