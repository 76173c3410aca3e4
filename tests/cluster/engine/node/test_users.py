"""Whom a container's processes run as: the image's USER or the securityContext's ids, the
groups containerd adds, what `id` and `whoami` print, the container status' `user`, and the
kubelet's runAsNonRoot check."""

import pytest

from .helpers import cluster_with, container, events, kubelet, state, status

SLEEP = ["sh", "-c", "sleep 3600"]


def run(*command: str, image: str = "busybox:1.28", security=None, **own) -> tuple[str, dict]:
    """What the command printed in the container (its stdout, then its stderr), and the
    container's status."""
    spec = container(image=image, command=SLEEP, **({"securityContext": own} if own else {}))
    cluster = cluster_with(spec, securityContext=security or {})
    cluster.advance_to(5_000)
    done = kubelet(cluster).exec("default", "p", "app", list(command))
    return done.stdout + done.stderr, status(cluster)


def test_an_image_runs_as_root_by_default() -> None:
    shown, found = run("id")
    assert shown == "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"
    assert found["user"] == {"linux": {"uid": 0, "gid": 0, "supplementalGroups": [0, 10]}}
    shown, found = run("sh", "-c", "id; whoami", image="nginx:1.27")
    assert shown == "uid=0(root) gid=0(root) groups=0(root)\nroot\n"
    assert found["user"] == {"linux": {"uid": 0, "gid": 0, "supplementalGroups": [0]}}


def test_the_docs_security_context_demo() -> None:
    """Configure a Security Context for a Pod: fsGroup and supplementalGroups join the
    primary group; a uid the image does not know has no name and HOME is /."""
    security = {
        "runAsUser": 1000,
        "runAsGroup": 3000,
        "fsGroup": 2000,
        "supplementalGroups": [4000],
    }
    shown, found = run("sh", "-c", "id; echo $HOME; whoami", security=security)
    assert shown == "uid=1000 gid=3000 groups=2000,3000,4000\n/\nwhoami: unknown uid 1000\n"
    assert found["user"] == {
        "linux": {"uid": 1000, "gid": 3000, "supplementalGroups": [3000, 2000, 4000]}
    }


@pytest.mark.parametrize(
    ("policy", "expected", "groups"),
    [
        (
            "Merge",
            "uid=1000(user-defined-in-image) gid=3000 groups=3000,4000,50000(group-defined-in-image)\n",
            [3000, 4000, 50000],
        ),
        ("Strict", "uid=1000(user-defined-in-image) gid=3000 groups=3000,4000\n", [3000, 4000]),
    ],
)
def test_the_docs_supplemental_groups_policy(policy: str, expected: str, groups: list) -> None:
    """The image's /etc/group puts its user in group 50000: merged in, unless Strict."""
    security = {
        "runAsUser": 1000,
        "runAsGroup": 3000,
        "supplementalGroups": [4000],
        "supplementalGroupsPolicy": policy,
    }
    shown, found = run(
        "id", image="registry.k8s.io/e2e-test-images/agnhost:2.45", security=security
    )
    assert shown == expected
    assert found["user"]["linux"]["supplementalGroups"] == groups


def test_a_containers_own_ids_win_over_the_pods() -> None:
    shown, _ = run("id", image="nginx:1.27", security={"runAsUser": 1000}, runAsUser=101)
    assert shown == "uid=101(nginx) gid=101(nginx) groups=101(nginx)\n"
    shown, _ = run("sh", "-c", "whoami; id -u 2>/dev/null; id", image="curlimages/curl")
    assert shown.splitlines()[0] == "curl_user"
    assert shown.splitlines()[-1] == "uid=100(curl_user) gid=101(curl_group) groups=101(curl_group)"


@pytest.mark.parametrize(
    ("image", "security", "why"),
    [
        ("nginx:1.27", {}, "container has runAsNonRoot and image will run as root"),
        (
            "curlimages/curl",
            {},
            "container has runAsNonRoot and image has non-numeric user (curl_user), cannot "
            "verify user is non-root",
        ),
        ("nginx:1.27", {"runAsUser": 0}, "container's runAsUser breaks non-root policy"),
    ],
)
def test_run_as_non_root_refuses_what_may_be_root(image: str, security: dict, why: str) -> None:
    spec = container(image=image, command=SLEEP, securityContext={"runAsNonRoot": True})
    cluster = cluster_with(spec, securityContext=security)
    cluster.advance_to(5_000)
    assert state(cluster) == ("waiting", "CreateContainerConfigError")
    uid = kubelet(cluster).workers["default/p"].pod["metadata"]["uid"]
    message = f'{why} (pod: "p_default({uid})", container: app)'
    assert status(cluster)["state"]["waiting"]["message"] == message
    assert ("Warning", "Failed", f"Error: {message}") in [e[:3] for e in events(cluster)]


def test_run_as_non_root_with_a_non_root_user_runs() -> None:
    spec = container(image="nginx:1.27", securityContext={"runAsNonRoot": True, "runAsUser": 101})
    cluster = cluster_with(spec)
    cluster.advance_to(5_000)
    assert state(cluster) == ("running", "")


@pytest.mark.parametrize(
    ("command", "image", "expected"),
    [
        ("id -u; id -g; id -G; id -un; id -Gn", "busybox:1.28", "0\n0\n0 10\nroot\nroot wheel\n"),
        ("id -u -n", "nginx:1.27", "root\n"),
        ("id -G", "curlimages/curl", "101\n"),
    ],
)
def test_id_prints_one_id_when_asked(command: str, image: str, expected: str) -> None:
    assert run("sh", "-c", command, image=image)[0] == expected


def test_coreutils_id_says_which_ids_have_no_name() -> None:
    shown, _ = run("sh", "-c", "id -un; echo $?", image="nginx:1.27", runAsUser=1234)
    assert shown == "1234\n1\n" + "id: cannot find name for user ID 1234\n"  # stdout, stderr


BUILDROOT_PASSWD = (
    "root:x:0:0:root:/root:/bin/sh\n"
    "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
    "bin:x:2:2:bin:/bin:/bin/false\n"
    "sys:x:3:3:sys:/dev:/bin/false\n"
    "sync:x:4:100:sync:/bin:/bin/sync\n"
    "mail:x:8:8:mail:/var/spool/mail:/bin/false\n"
    "www-data:x:33:33:www-data:/var/www:/bin/false\n"
    "operator:x:37:37:Operator:/var:/bin/false\n"
    "nobody:x:65534:65534:nobody:/home:/bin/false\n"
)


def test_the_busybox_image_has_buildroots_accounts() -> None:
    assert run("cat", "/etc/passwd")[0] == BUILDROOT_PASSWD
    shown = run("cat", "/etc/group")[0].splitlines()
    assert (len(shown), shown[:2], shown[10], shown[-1]) == (
        26,
        ["root:x:0:", "daemon:x:1:"],
        "wheel:x:10:root",  # root's supplementary group (see id above)
        "nobody:x:65534:",
    )
    assert run("id", "-Gn", runAsUser=65534)[0] == "nobody\n"


def test_debian_images_have_base_passwds_accounts_and_their_own() -> None:
    shown = run("cat", "/etc/passwd", image="debian:bookworm")[0].splitlines()
    assert (shown[0], shown[-2:], len(shown)) == (
        "root:x:0:0:root:/root:/bin/bash",
        [
            "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin",
            "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
        ],
        18,
    )
    assert run("tail", "-n", "2", "/etc/group", image="debian:bookworm")[0] == (
        "users:x:100:\nnogroup:x:65534:\n"
    )
    assert run("tail", "-n", "1", "/etc/passwd", "/etc/group", image="nginx:1.27")[0] == (
        "==> /etc/passwd <==\nnginx:x:101:101:nginx user:/nonexistent:/bin/false\n\n"
        "==> /etc/group <==\nnginx:x:101:\n"
    )
    assert run("grep", "redis", "/etc/passwd", image="redis:7.4")[0] == (
        "redis:x:999:999::/home/redis:/bin/sh\n"
    )


def test_alpine_has_alpine_baselayouts_accounts() -> None:
    shown = run("cat", "/etc/passwd", image="alpine:3.22")[0].splitlines()
    assert (shown[:2], shown[-1], len(shown)) == (
        ["root:x:0:0:root:/root:/bin/sh", "bin:x:1:1:bin:/bin:/sbin/nologin"],
        "nobody:x:65534:65534:nobody:/:/sbin/nologin",
        17,
    )
    group = run("cat", "/etc/group", image="alpine:3.22")[0].splitlines()
    assert (group[:2], group[-2:]) == (
        ["root:x:0:root", "bin:x:1:root,bin,daemon"],
        ["nogroup:x:65533:", "nobody:x:65534:"],
    )
    assert run("id", image="alpine:3.22")[0] == (
        "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),"
        "10(wheel),11(floppy),20(dialout),26(tape),27(video)\n"
    )
