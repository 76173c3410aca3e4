"""The nginx image's own files: its configuration and its default server's pages, which a
learner reads, copies out, replaces or hides under a volume, and which nginx serves."""

import json

import pytest

from cluster.engine.cluster import Cluster, ClusterSpec
from cluster.kubectl.main import kubectl
from tests.cluster.kubectl.helpers import run

HTML = "/usr/share/nginx/html"
WELCOME = "<title>Welcome to nginx!</title>"
FORBIDDEN = "<head><title>403 Forbidden</title></head>"


def out(cluster: Cluster, *argv: str) -> str:
    result = run(cluster, *argv)
    return result.stdout + result.stderr


def exec_(cluster: Cluster, *argv: str) -> str:
    return out(cluster, "exec", "web", "--", *argv)


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster(ClusterSpec(seed=1))
    assert run(cluster, "run", "web", "--image=nginx").exit_code == 0
    cluster.advance_to(30_000)
    return cluster


def test_the_configuration_is_the_packages_with_the_ipv6_listen_the_entrypoint_adds(cluster):
    assert exec_(cluster, "ls", "/etc/nginx/conf.d") == "default.conf\n"
    default = exec_(cluster, "cat", "/etc/nginx/conf.d/default.conf")
    assert default.startswith(
        "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n"
    )
    assert (
        "        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n" in default
    )
    main = exec_(cluster, "cat", "/etc/nginx/nginx.conf")
    assert main.startswith("\nuser  nginx;\nworker_processes  auto;\n")
    assert "    include /etc/nginx/conf.d/*.conf;\n}\n" in main


def test_the_pages_are_files_and_what_nginx_serves(cluster):
    assert exec_(cluster, "ls", HTML) == "50x.html\nindex.html\n"
    index = exec_(cluster, "cat", f"{HTML}/index.html")
    assert WELCOME in index
    assert exec_(cluster, "curl", "-s", "localhost") == index
    error_page = exec_(cluster, "curl", "-s", "localhost/50x.html")
    assert error_page == exec_(cluster, "cat", f"{HTML}/50x.html")
    assert len(error_page) == 497
    assert "<h1>An error occurred.</h1>" in error_page


def test_a_page_written_beside_them_leaves_the_index_served(cluster):
    assert exec_(cluster, "sh", "-c", f"echo hi > {HTML}/hi.html") == ""
    assert exec_(cluster, "curl", "-s", "localhost/hi.html") == "hi\n"
    assert WELCOME in exec_(cluster, "curl", "-s", "localhost")
    assert exec_(cluster, "ls", HTML) == "50x.html\nhi.html\nindex.html\n"


def test_the_index_removed_leaves_the_root_forbidden(cluster):
    assert exec_(cluster, "rm", f"{HTML}/index.html") == ""
    assert exec_(cluster, "ls", HTML) == "50x.html\n"
    assert FORBIDDEN in exec_(cluster, "curl", "-s", "localhost")


def test_a_volume_mounted_over_the_root_hides_the_images_pages():
    cluster = Cluster(ClusterSpec(seed=1))
    mount = {"name": "html", "mountPath": HTML}
    container = {"name": "web", "image": "nginx", "volumeMounts": [mount]}
    spec = {"containers": [container], "volumes": [{"name": "html", "emptyDir": {}}]}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": spec}
    assert run(cluster, "apply", "-f", "-", stdin=json.dumps(pod)).exit_code == 0
    cluster.advance_to(30_000)
    assert exec_(cluster, "ls", HTML) == ""
    assert FORBIDDEN in exec_(cluster, "curl", "-s", "localhost")
    assert "listen       80;" in exec_(cluster, "cat", "/etc/nginx/conf.d/default.conf")


def test_kubectl_cp_copies_the_configuration_out(cluster):
    argv = ["cp", "web:/etc/nginx/conf.d/default.conf", "default.conf"]
    copied = kubectl(argv, cluster.handle, cluster.admin, files={})
    assert copied.exit_code == 0, copied.stderr
    assert copied.files == {"default.conf": exec_(cluster, "cat", "/etc/nginx/conf.d/default.conf")}
