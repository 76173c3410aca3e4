"""The baseline level's checks, each version against the pods of Kubernetes' own
policy/check_*_test.go (and a few more on versions, ordering and quoting), with the reasons
and details they expect, character for character."""

from typing import Any

import pytest

from cluster.engine.apiserver.podsecurity.api import BASELINE, LATEST, Version
from cluster.engine.apiserver.podsecurity.baseline import (
    APP_ARMOR_PROFILE,
    CAPABILITIES_BASELINE,
    CHECKS,
    HOST_NAMESPACES,
    HOST_PATH_VOLUMES,
    HOST_PORTS,
    HOST_PROBES_AND_HOST_LIFECYCLE,
    PRIVILEGED,
    PROC_MOUNT_BASELINE,
    SECCOMP_PROFILE_BASELINE,
    SELINUX_OPTIONS,
    SYSCTLS,
    WINDOWS_HOST_PROCESS,
)
from cluster.engine.apiserver.podsecurity.check import ALLOWED, Check, CheckResult

Pod = dict[str, Any]

APPARMOR = "container.apparmor.security.beta.kubernetes.io/"
SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/"
SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod"


def evaluate(check: Check, version: Version, pod: Pod) -> CheckResult:
    """Judge the pod as a namespace at `baseline:<version>` would with this check."""
    in_effect = [v for v in check.versions if v.minimum_version <= version]
    if not in_effect:
        return ALLOWED
    return in_effect[-1].check_pod(pod.get("metadata", {}), pod.get("spec", {}))


def pod(annotations: dict[str, str] | None = None, **spec: Any) -> Pod:
    return {"metadata": {"annotations": annotations} if annotations else {}, "spec": spec}


def container(name: str, security_context: dict[str, Any] | None = None, **fields: Any):
    if security_context is not None:
        fields["securityContext"] = security_context
    return {"name": name, **fields}


def no(reason: str, detail: str) -> CheckResult:
    return CheckResult(False, reason, detail)


def sysctls(*names: str) -> dict[str, Any]:
    return {"sysctls": [{"name": name, "value": "1"} for name in names]}


def selinux(name: str, **options: str) -> dict[str, Any]:
    return container(name, {"seLinuxOptions": options})


def profile(field: str, profile_type: str) -> dict[str, Any]:
    return {field: {"type": profile_type}}


def http_get(host: str = "") -> dict[str, Any]:
    return {"httpGet": {"host": host, "port": 80} if host else {"port": 80}}


def tcp_socket(host: str = "") -> dict[str, Any]:
    return {"tcpSocket": {"host": host, "port": 80} if host else {"port": 80}}


def test_the_baseline_checks_and_their_versions():
    assert [(c.id, c.level, [v.minimum_version for v in c.versions]) for c in CHECKS] == [
        ("appArmorProfile", BASELINE, [(1, 0)]),
        ("capabilities_baseline", BASELINE, [(1, 0)]),
        ("hostNamespaces", BASELINE, [(1, 0)]),
        ("hostPathVolumes", BASELINE, [(1, 0)]),
        ("hostPorts", BASELINE, [(1, 0)]),
        ("hostProbesAndHostLifecycle", BASELINE, [(1, 34)]),
        ("privileged", BASELINE, [(1, 0)]),
        ("procMount", BASELINE, [(1, 0), (1, 35)]),
        ("seLinuxOptions", BASELINE, [(1, 0), (1, 31)]),
        ("seccompProfile_baseline", BASELINE, [(1, 0), (1, 19)]),
        ("sysctls", BASELINE, [(1, 0), (1, 27), (1, 29), (1, 32), (1, 37)]),
        ("windowsHostProcess", BASELINE, [(1, 0)]),
    ]
    assert all(not v.overrides for c in CHECKS for v in c.versions)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_every_version_allows_a_plain_pod(check: Check):
    plain = pod(containers=[container("app", image="nginx")])
    for versioned in check.versions:
        assert versioned.check_pod(plain["metadata"], plain["spec"]) == ALLOWED
        assert versioned.check_pod({}, {}) == ALLOWED


CASES = [
    # check_hostNamespaces_test.go
    (
        "hostNamespaces: multiple host namespaces",
        HOST_NAMESPACES,
        (1, 0),
        pod(hostNetwork=True, hostIPC=True, hostPID=True),
        no("host namespaces", "hostNetwork=true, hostPID=true, hostIPC=true"),
    ),
    (
        "hostNamespaces: one, false ones ignored",
        HOST_NAMESPACES,
        LATEST,
        pod(hostNetwork=False, hostPID=True),
        no("host namespaces", "hostPID=true"),
    ),
    # check_privileged_test.go
    (
        "privileged",
        PRIVILEGED,
        (1, 0),
        pod(
            containers=[
                container("a"),
                container("b", {}),
                container("c", {"privileged": False}),
                container("d", {"privileged": True}),
                container("e", {"privileged": True}),
            ]
        ),
        no("privileged", 'containers "d", "e" must not set securityContext.privileged=true'),
    ),
    (
        "privileged: init, regular, then ephemeral containers",
        PRIVILEGED,
        LATEST,
        pod(
            ephemeralContainers=[container("debug", {"privileged": True})],
            containers=[container("app", {"privileged": True})],
            initContainers=[container("init", {"privileged": True})],
        ),
        no(
            "privileged",
            'containers "init", "app", "debug" must not set securityContext.privileged=true',
        ),
    ),
    (
        "privileged: one container",
        PRIVILEGED,
        LATEST,
        pod(containers=[container("a", {"privileged": True})]),
        no("privileged", 'container "a" must not set securityContext.privileged=true'),
    ),
    # check_capabilities_baseline_test.go
    (
        "capabilities: multiple containers",
        CAPABILITIES_BASELINE,
        (1, 0),
        pod(
            containers=[
                container("a", {"capabilities": {"add": ["FOO", "BAR"]}}),
                container("b", {"capabilities": {"add": ["BAR", "BAZ"]}}),
            ]
        ),
        no(
            "non-default capabilities",
            'containers "a", "b" must not include "BAR", "BAZ", "FOO"'
            " in securityContext.capabilities.add",
        ),
    ),
    (
        "capabilities: the default set may be added, NET_RAW may not",
        CAPABILITIES_BASELINE,
        LATEST,
        pod(
            containers=[
                container("a", {"capabilities": {"add": ["CHOWN", "SYS_CHROOT", "KILL"]}}),
                container("b", {"capabilities": {"add": ["NET_RAW", "CHOWN"], "drop": ["ALL"]}}),
            ]
        ),
        no(
            "non-default capabilities",
            'container "b" must not include "NET_RAW" in securityContext.capabilities.add',
        ),
    ),
    # check_hostPathVolumes_test.go
    (
        "hostPathVolumes",
        HOST_PATH_VOLUMES,
        (1, 0),
        pod(
            volumes=[
                {"name": "a", "hostPath": {}},
                {"name": "b", "hostPath": {"path": "/var/log"}},
                {"name": "c", "emptyDir": {}},
            ]
        ),
        no("hostPath volumes", 'volumes "a", "b"'),
    ),
    (
        "hostPathVolumes: one volume",
        HOST_PATH_VOLUMES,
        LATEST,
        pod(volumes=[{"name": "c", "emptyDir": {}}, {"name": "h", "hostPath": {"path": "/"}}]),
        no("hostPath volumes", 'volume "h"'),
    ),
    # check_hostPorts_test.go
    (
        "hostPorts: one container, one host port",
        HOST_PORTS,
        (1, 0),
        pod(
            containers=[
                container("a", ports=[{"hostPort": 0}]),
                container("b", ports=[{"hostPort": 0}, {"hostPort": 20}]),
            ]
        ),
        no("hostPort", 'container "b" uses hostPort 20'),
    ),
    (
        "hostPorts: multiple containers, multiple host ports",
        HOST_PORTS,
        (1, 0),
        pod(
            containers=[
                container("a", ports=[{"hostPort": 0}]),
                container("b", ports=[{"hostPort": 0}, {"hostPort": 10}, {"hostPort": 20}]),
                container("c", ports=[{"hostPort": 0}, {"hostPort": 10}, {"hostPort": 30}]),
            ]
        ),
        no("hostPort", 'containers "b", "c" use hostPorts 10, 20, 30'),
    ),
    (
        "hostPorts: sorted as text, as Go's sets.String sorts them",
        HOST_PORTS,
        LATEST,
        pod(
            containers=[
                container("a", ports=[{"containerPort": 80, "hostPort": 9}, {"hostPort": 10}])
            ]
        ),
        no("hostPort", 'container "a" uses hostPorts 10, 9'),
    ),
    # check_hostProbesAndhostLifecycle_test.go
    (
        "hostProbesAndHostLifecycle: valid pod with unset hosts",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(
            containers=[
                container(
                    "a",
                    livenessProbe=http_get(),
                    readinessProbe=tcp_socket(),
                    lifecycle={"postStart": http_get()},
                )
            ]
        ),
        ALLOWED,
    ),
    (
        "hostProbesAndHostLifecycle: invalid pod with local host IP as probe host",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(
            containers=[
                container(
                    "a",
                    livenessProbe=http_get("127.0.0.1"),
                    readinessProbe=tcp_socket("::1"),
                    startupProbe=http_get("localhost"),
                )
            ]
        ),
        no(
            "probe or lifecycle host",
            'container "a" uses probe or lifecycle hosts "127.0.0.1", "::1", "localhost"',
        ),
    ),
    (
        "hostProbesAndHostLifecycle: invalid httpget host in liveness probe",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(containers=[container("a", livenessProbe=http_get("invalid.host"))]),
        no("probe or lifecycle host", 'container "a" uses probe or lifecycle host "invalid.host"'),
    ),
    (
        "hostProbesAndHostLifecycle: invalid tcpsocket host in readiness probe",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(containers=[container("b", readinessProbe=tcp_socket("invalid.host"))]),
        no("probe or lifecycle host", 'container "b" uses probe or lifecycle host "invalid.host"'),
    ),
    (
        "hostProbesAndHostLifecycle: invalid httpget host in startup probe",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(containers=[container("c", startupProbe=http_get("invalid.host"))]),
        no("probe or lifecycle host", 'container "c" uses probe or lifecycle host "invalid.host"'),
    ),
    (
        "hostProbesAndHostLifecycle: invalid poststart tcpsocket host",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(containers=[container("d", lifecycle={"postStart": tcp_socket("invalid.host")})]),
        no("probe or lifecycle host", 'container "d" uses probe or lifecycle host "invalid.host"'),
    ),
    (
        "hostProbesAndHostLifecycle: invalid prestop httpget host",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(containers=[container("e", lifecycle={"preStop": http_get("another.invalid.host")})]),
        no(
            "probe or lifecycle host",
            'container "e" uses probe or lifecycle host "another.invalid.host"',
        ),
    ),
    (
        "hostProbesAndHostLifecycle: multiple containers with multiple invalid hosts",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(
            containers=[
                container("valid"),
                container("invalid1", livenessProbe=http_get("a.com")),
                container(
                    "invalid2",
                    lifecycle={"preStop": tcp_socket("b.com")},
                    startupProbe=http_get("a.com"),
                ),
            ]
        ),
        no(
            "probe or lifecycle host",
            'containers "invalid1", "invalid2" use probe or lifecycle hosts "a.com", "b.com"',
        ),
    ),
    (
        "hostProbesAndHostLifecycle: invalid ipv4 host in probe",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(containers=[container("a", livenessProbe=http_get("8.8.8.8"))]),
        no("probe or lifecycle host", 'container "a" uses probe or lifecycle host "8.8.8.8"'),
    ),
    (
        "hostProbesAndHostLifecycle: invalid ipv6 host in probe",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(containers=[container("a", livenessProbe=tcp_socket("2001:4860:4860::8888"))]),
        no(
            "probe or lifecycle host",
            'container "a" uses probe or lifecycle host "2001:4860:4860::8888"',
        ),
    ),
    (
        "hostProbesAndHostLifecycle: invalid host in initcontainer",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 34),
        pod(initContainers=[container("init", livenessProbe=http_get("invalid.init.host"))]),
        no(
            "probe or lifecycle host",
            'container "init" uses probe or lifecycle host "invalid.init.host"',
        ),
    ),
    (
        "hostProbesAndHostLifecycle: containers named in sorted order",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        LATEST,
        pod(
            initContainers=[container("z", startupProbe=http_get("h"))],
            containers=[container("a", readinessProbe=http_get("h"))],
        ),
        no("probe or lifecycle host", 'containers "a", "z" use probe or lifecycle host "h"'),
    ),
    (
        "hostProbesAndHostLifecycle: not before v1.34",
        HOST_PROBES_AND_HOST_LIFECYCLE,
        (1, 33),
        pod(containers=[container("a", startupProbe=http_get("localhost"))]),
        ALLOWED,
    ),
    # check_appArmorProfile_test.go: allowed
    (
        "appArmorProfile: container with default AppArmor + extra annotations",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod({APPARMOR + "test": "runtime/default", "env": "prod"}),
        ALLOWED,
    ),
    (
        "appArmorProfile: container with local AppArmor + extra annotations",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod({APPARMOR + "test": "localhost/sec-profile01", "env": "dev"}),
        ALLOWED,
    ),
    (
        "appArmorProfile: container with no AppArmor annotations",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod({"env": "dev"}),
        ALLOWED,
    ),
    (
        "appArmorProfile: container with no annotations",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod(),
        ALLOWED,
    ),
    (
        "appArmorProfile: pod with runtime default",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod(securityContext=profile("appArmorProfile", "RuntimeDefault")),
        ALLOWED,
    ),
    (
        "appArmorProfile: container with localhost profile",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod(containers=[container("foo", profile("appArmorProfile", "RuntimeDefault"))]),
        ALLOWED,
    ),
    # check_appArmorProfile_test.go: forbidden
    (
        "appArmorProfile: unconfined pod",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod(securityContext=profile("appArmorProfile", "Unconfined")),
        no("forbidden AppArmor profile", 'pod must not set AppArmor profile type to "Unconfined"'),
    ),
    (
        "appArmorProfile: unconfined container",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod(
            securityContext=profile("appArmorProfile", "RuntimeDefault"),
            containers=[container("foo", profile("appArmorProfile", "Unconfined"))],
        ),
        no(
            "forbidden AppArmor profile",
            'container "foo" must not set AppArmor profile type to "Unconfined"',
        ),
    ),
    (
        "appArmorProfile: unconfined init container",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod(
            securityContext=profile("appArmorProfile", "RuntimeDefault"),
            containers=[container("foo")],
            initContainers=[container("bar", profile("appArmorProfile", "Unconfined"))],
        ),
        no(
            "forbidden AppArmor profile",
            'container "bar" must not set AppArmor profile type to "Unconfined"',
        ),
    ),
    (
        "appArmorProfile: multiple containers",
        APP_ARMOR_PROFILE,
        (1, 0),
        pod(
            {
                APPARMOR + "f": "unknown",
                APPARMOR: "bogus",
                APPARMOR + "a": "",
                APPARMOR + "b": "runtime/default",
                APPARMOR + "c": "localhost/",
                APPARMOR + "d": "localhost/foo",
                APPARMOR + "e": "unconfined",
            }
        ),
        no(
            "forbidden AppArmor profiles",
            "annotations must not set AppArmor profile type to "
            '"container.apparmor.security.beta.kubernetes.io/="bogus"", '
            '"container.apparmor.security.beta.kubernetes.io/e="unconfined"", '
            '"container.apparmor.security.beta.kubernetes.io/f="unknown""',
        ),
    ),
    (
        "appArmorProfile: pod, container and annotation together",
        APP_ARMOR_PROFILE,
        LATEST,
        pod(
            {APPARMOR + "x": "unconfined"},
            securityContext=profile("appArmorProfile", "Unconfined"),
            containers=[
                container("x", profile("appArmorProfile", "Unconfined")),
                container("y", {"appArmorProfile": {}}),
            ],
        ),
        no(
            "forbidden AppArmor profiles",
            'pod and containers "x", "y" and annotation must not set AppArmor profile type to'
            ' "", "Unconfined", "container.apparmor.security.beta.kubernetes.io/x="unconfined""',
        ),
    ),
    (
        "appArmorProfile: annotation values quoted as Go's %q does",
        APP_ARMOR_PROFILE,
        LATEST,
        pod({APPARMOR + "x": 'a"b\\c\n\t\x00\x7fé\u200b\U0001f600\U000e0001'}),
        no(
            "forbidden AppArmor profile",
            "annotation must not set AppArmor profile type to "
            '"container.apparmor.security.beta.kubernetes.io/x='
            '"a\\"b\\\\c\\n\\t\\x00\\x7fé\\u200b\U0001f600\\U000e0001""',
        ),
    ),
    # check_seLinuxOptions_test.go (seLinuxOptions1_31)
    (
        "seLinuxOptions: invalid pod and containers",
        SELINUX_OPTIONS,
        (1, 31),
        pod(
            securityContext={"seLinuxOptions": {"type": "foo", "user": "bar", "role": "baz"}},
            containers=[
                selinux("a", type="container_t"),
                selinux("b", type="container_init_t"),
                selinux("c", type="container_kvm_t"),
                selinux("d", type="container_engine_t"),
                selinux("e", type="bar"),
                selinux("f", user="bar"),
                selinux("g", role="baz"),
            ],
        ),
        no(
            "seLinuxOptions",
            'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions:'
            ' types "bar", "foo"; user may not be set; role may not be set',
        ),
    ),
    (
        "seLinuxOptions: invalid pod",
        SELINUX_OPTIONS,
        (1, 31),
        pod(
            securityContext={"seLinuxOptions": {"type": "foo", "user": "bar", "role": "baz"}},
            containers=[
                selinux("a", type="container_t"),
                selinux("b", type="container_init_t"),
                selinux("c", type="container_kvm_t"),
                selinux("d", type="container_engine_t"),
            ],
        ),
        no(
            "seLinuxOptions",
            'pod set forbidden securityContext.seLinuxOptions: type "foo";'
            " user may not be set; role may not be set",
        ),
    ),
    (
        "seLinuxOptions: invalid containers",
        SELINUX_OPTIONS,
        (1, 31),
        pod(
            securityContext={"seLinuxOptions": {}},
            containers=[
                selinux("a", type="container_t"),
                selinux("b", type="container_init_t"),
                selinux("c", type="container_kvm_t"),
                selinux("d", type="container_engine_t"),
                selinux("e", type="bar"),
                selinux("f", user="bar"),
                selinux("g", role="baz"),
            ],
        ),
        no(
            "seLinuxOptions",
            'containers "e", "f", "g" set forbidden securityContext.seLinuxOptions:'
            ' type "bar"; user may not be set; role may not be set',
        ),
    ),
    (
        "seLinuxOptions: bad type",
        SELINUX_OPTIONS,
        (1, 31),
        pod(securityContext={"seLinuxOptions": {"type": "bad"}}),
        no("seLinuxOptions", 'pod set forbidden securityContext.seLinuxOptions: type "bad"'),
    ),
    (
        "seLinuxOptions: bad user",
        SELINUX_OPTIONS,
        (1, 31),
        pod(securityContext={"seLinuxOptions": {"user": "bad"}}),
        no(
            "seLinuxOptions",
            "pod set forbidden securityContext.seLinuxOptions: user may not be set",
        ),
    ),
    (
        "seLinuxOptions: bad role",
        SELINUX_OPTIONS,
        (1, 31),
        pod(securityContext={"seLinuxOptions": {"role": "bad"}}),
        no(
            "seLinuxOptions",
            "pod set forbidden securityContext.seLinuxOptions: role may not be set",
        ),
    ),
    (
        "seLinuxOptions: container_engine_t not before v1.31",
        SELINUX_OPTIONS,
        (1, 30),
        pod(
            containers=[
                selinux("c", type="container_kvm_t"),
                selinux("d", type="container_engine_t"),
            ]
        ),
        no(
            "seLinuxOptions",
            'container "d" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
        ),
    ),
    (
        "seLinuxOptions: container_engine_t from v1.31",
        SELINUX_OPTIONS,
        LATEST,
        pod(containers=[selinux("d", type="container_engine_t", level="s0:c123,c456")]),
        ALLOWED,
    ),
    # check_procMount_baseline_test.go (procMount1_35baseline)
    (
        "procMount",
        PROC_MOUNT_BASELINE,
        (1, 35),
        pod(
            containers=[
                container("a"),
                container("b", {}),
                container("c", {"procMount": "Default"}),
                container("d", {"procMount": "Unmasked"}),
                container("e", {"procMount": "other"}),
            ],
            hostUsers=True,
        ),
        no(
            "procMount",
            'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"',
        ),
    ),
    (
        "procMount with userns",
        PROC_MOUNT_BASELINE,
        (1, 35),
        pod(
            containers=[
                container("a"),
                container("b", {}),
                container("c", {"procMount": "Default"}),
                container("d", {"procMount": "Unmasked"}),
                container("e", {"procMount": "other"}),
            ],
            hostUsers=False,
        ),
        ALLOWED,
    ),
    (
        "procMount with userns, before v1.35",
        PROC_MOUNT_BASELINE,
        (1, 34),
        pod(containers=[container("d", {"procMount": "Unmasked"})], hostUsers=False),
        no("procMount", 'container "d" must not set securityContext.procMount to "Unmasked"'),
    ),
    # check_seccompProfile_baseline_test.go: seccompProfileBaseline_1_0
    (
        "seccompProfile 1.0: pod seccomp invalid",
        SECCOMP_PROFILE_BASELINE,
        (1, 0),
        pod({SECCOMP_POD: "unconfined"}),
        no(
            "seccompProfile",
            'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"',
        ),
    ),
    (
        "seccompProfile 1.0: containers seccomp invalid",
        SECCOMP_PROFILE_BASELINE,
        (1, 0),
        pod(
            {SECCOMP_CONTAINER + "a": "unconfined", SECCOMP_CONTAINER + "b": "unknown"},
            containers=[container("a"), container("b"), container("c")],
        ),
        no(
            "seccompProfile",
            "forbidden annotations"
            ' container.seccomp.security.alpha.kubernetes.io/a="unconfined",'
            ' container.seccomp.security.alpha.kubernetes.io/b="unknown"',
        ),
    ),
    (
        "seccompProfile 1.0: pod and containers seccomp invalid",
        SECCOMP_PROFILE_BASELINE,
        (1, 0),
        pod(
            {
                SECCOMP_POD: "unconfined",
                SECCOMP_CONTAINER + "a": "unconfined",
                SECCOMP_CONTAINER + "b": "unknown",
            },
            containers=[container("a"), container("b"), container("c")],
        ),
        no(
            "seccompProfile",
            "forbidden annotations"
            ' container.seccomp.security.alpha.kubernetes.io/a="unconfined",'
            ' container.seccomp.security.alpha.kubernetes.io/b="unknown",'
            ' seccomp.security.alpha.kubernetes.io/pod="unconfined"',
        ),
    ),
    (
        "seccompProfile 1.0: allowed values, empty value, annotations of absent containers",
        SECCOMP_PROFILE_BASELINE,
        (1, 18),
        pod(
            {
                SECCOMP_POD: "docker/default",
                SECCOMP_CONTAINER + "a": "runtime/default",
                SECCOMP_CONTAINER + "b": "localhost/profile.json",
                SECCOMP_CONTAINER + "c": "",
                SECCOMP_CONTAINER + "gone": "unconfined",
            },
            initContainers=[container("c")],
            containers=[container("a"), container("b")],
        ),
        no(
            "seccompProfile",
            'forbidden annotation container.seccomp.security.alpha.kubernetes.io/c=""',
        ),
    ),
    (
        "seccompProfile 1.0: the field is not looked at",
        SECCOMP_PROFILE_BASELINE,
        (1, 18),
        pod(securityContext=profile("seccompProfile", "Unconfined")),
        ALLOWED,
    ),
    # check_seccompProfile_baseline_test.go: seccompProfileBaseline_1_19
    (
        "seccompProfile 1.19: pod seccomp invalid",
        SECCOMP_PROFILE_BASELINE,
        (1, 19),
        pod(securityContext=profile("seccompProfile", "Unconfined"), containers=[container("a")]),
        no(
            "seccompProfile", 'pod must not set securityContext.seccompProfile.type to "Unconfined"'
        ),
    ),
    (
        "seccompProfile 1.19: containers seccomp invalid",
        SECCOMP_PROFILE_BASELINE,
        (1, 19),
        pod(
            securityContext=profile("seccompProfile", "RuntimeDefault"),
            containers=[
                container("a"),
                container("b", {}),
                container("c", profile("seccompProfile", "Unconfined")),
                container("d", profile("seccompProfile", "Unconfined")),
                container("e", profile("seccompProfile", "RuntimeDefault")),
                container("f", profile("seccompProfile", "RuntimeDefault")),
            ],
        ),
        no(
            "seccompProfile",
            'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
        ),
    ),
    (
        "seccompProfile 1.19: pod and containers seccomp invalid",
        SECCOMP_PROFILE_BASELINE,
        (1, 19),
        pod(
            securityContext=profile("seccompProfile", "Unconfined"),
            containers=[
                container("a"),
                container("b", {}),
                container("c", profile("seccompProfile", "Unconfined")),
                container("d", profile("seccompProfile", "Unconfined")),
                container("e", profile("seccompProfile", "RuntimeDefault")),
                container("f", profile("seccompProfile", "RuntimeDefault")),
            ],
        ),
        no(
            "seccompProfile",
            'pod and containers "c", "d" must not set securityContext.seccompProfile.type'
            ' to "Unconfined"',
        ),
    ),
    (
        "seccompProfile 1.19: annotations are not looked at, a profile without a type is",
        SECCOMP_PROFILE_BASELINE,
        LATEST,
        pod(
            {SECCOMP_POD: "unconfined"},
            containers=[
                container("a", {"seccompProfile": {"type": "Localhost", "localhostProfile": "p"}}),
                container("b", {"seccompProfile": {}}),
            ],
        ),
        no(
            "seccompProfile", 'container "b" must not set securityContext.seccompProfile.type to ""'
        ),
    ),
    # check_sysctls_test.go: sysctlsV1Dot0
    (
        "sysctls 1.0: forbidden sysctls",
        SYSCTLS,
        (1, 0),
        pod(securityContext=sysctls("a", "b")),
        no("forbidden sysctls", "a, b"),
    ),
    *[
        (
            f"sysctls 1.0: new supported sysctls not supported: {name}",
            SYSCTLS,
            (1, 0),
            pod(securityContext=sysctls(name)),
            no("forbidden sysctls", name),
        )
        for name in (
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem",
        )
    ],
    (
        "sysctls 1.0: the safe set, in any order, with forbidden ones listed as given",
        SYSCTLS,
        (1, 26),
        pod(
            securityContext=sysctls(
                "net.ipv4.ping_group_range",
                "z",
                "kernel.shm_rmid_forced",
                "net.ipv4.ip_local_port_range",
                "net.ipv4.tcp_syncookies",
                "net.ipv4.ip_unprivileged_port_start",
                "a",
                "z",
            )
        ),
        no("forbidden sysctls", "z, a, z"),
    ),
    # check_sysctls_test.go: sysctlsV1Dot27, V1Dot29, V1Dot32, V1Dot37
    *[
        (
            f"sysctls {minor}: forbidden sysctls",
            SYSCTLS,
            (1, minor),
            pod(securityContext=sysctls("a", "b")),
            no("forbidden sysctls", "a, b"),
        )
        for minor in (27, 29, 32, 37)
    ],
    *[
        (
            f"sysctls {minor}: new supported sysctls: {name}",
            SYSCTLS,
            (1, minor),
            pod(securityContext=sysctls(name)),
            ALLOWED,
        )
        for minor, names in (
            (27, ["net.ipv4.ip_local_reserved_ports"]),
            (
                29,
                [
                    "net.ipv4.tcp_keepalive_time",
                    "net.ipv4.tcp_fin_timeout",
                    "net.ipv4.tcp_keepalive_intvl",
                    "net.ipv4.tcp_keepalive_probes",
                ],
            ),
            (32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]),
            (37, ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]),
        )
        for name in names
    ],
    *[
        (
            f"sysctls {minor - 1}: not yet {name}",
            SYSCTLS,
            (1, minor - 1),
            pod(securityContext=sysctls("kernel.shm_rmid_forced", name)),
            no("forbidden sysctls", name),
        )
        for minor, name in (
            (27, "net.ipv4.ip_local_reserved_ports"),
            (29, "net.ipv4.tcp_keepalive_probes"),
            (32, "net.ipv4.tcp_wmem"),
            (37, "net.ipv4.tcp_notsent_lowat"),
        )
    ],
    (
        "sysctls latest: the v1.37 set",
        SYSCTLS,
        LATEST,
        pod(securityContext=sysctls("net.ipv4.tcp_slow_start_after_idle", "kernel.msgmax")),
        no("forbidden sysctls", "kernel.msgmax"),
    ),
    # check_windowsHostProcess_test.go
    (
        "windowsHostProcess: host process",
        WINDOWS_HOST_PROCESS,
        (1, 0),
        pod(
            securityContext={"windowsOptions": {"hostProcess": True}},
            containers=[
                container("a"),
                container("b", {}),
                container("c", {"windowsOptions": {}}),
                container("d", {"windowsOptions": {"hostProcess": False}}),
                container("e", {"windowsOptions": {"hostProcess": True}}),
                container("f", {"windowsOptions": {"hostProcess": True}}),
            ],
        ),
        no(
            "hostProcess",
            'pod and containers "e", "f" must not set securityContext.windowsOptions.hostProcess=true',
        ),
    ),
    (
        "windowsHostProcess: one container",
        WINDOWS_HOST_PROCESS,
        LATEST,
        pod(
            securityContext={"windowsOptions": {"hostProcess": False}},
            containers=[container("e", {"windowsOptions": {"hostProcess": True}})],
        ),
        no(
            "hostProcess",
            'container "e" must not set securityContext.windowsOptions.hostProcess=true',
        ),
    ),
    (
        "windowsHostProcess: pod only",
        WINDOWS_HOST_PROCESS,
        LATEST,
        pod(securityContext={"windowsOptions": {"hostProcess": True}}, containers=[container("a")]),
        no("hostProcess", "pod must not set securityContext.windowsOptions.hostProcess=true"),
    ),
]


@pytest.mark.parametrize(
    ("check", "version", "candidate", "expected"),
    [pytest.param(*case, id=name) for name, *case in CASES],
)
def test_check(check: Check, version: Version, candidate: Pod, expected: CheckResult):
    assert evaluate(check, version, candidate) == expected
