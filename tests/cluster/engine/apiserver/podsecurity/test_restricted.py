"""The restricted level's checks, each version against the pods of Kubernetes' own
policy/check_*_test.go, with the reasons and details they expect, character for character."""

from typing import Any

import pytest

from cluster.engine.apiserver.podsecurity.api import RESTRICTED, Version
from cluster.engine.apiserver.podsecurity.check import ALLOWED, Check, CheckPod, CheckResult
from cluster.engine.apiserver.podsecurity.restricted import (
    ALLOW_PRIVILEGE_ESCALATION,
    CAPABILITIES_RESTRICTED,
    CHECKS,
    PROC_MOUNT_RESTRICTED,
    RESTRICTED_VOLUMES,
    RUN_AS_NON_ROOT,
    RUN_AS_USER,
    SECCOMP_PROFILE_RESTRICTED,
)


def version(check: Check, minimum: Version) -> CheckPod:
    (found,) = [v.check_pod for v in check.versions if v.minimum_version == minimum]
    return found


def container(name: str, security_context: dict[str, Any] | None = None) -> dict[str, Any]:
    if security_context is None:
        return {"name": name}
    return {"name": name, "securityContext": security_context}


def no(reason: str, detail: str) -> CheckResult:
    return CheckResult(False, reason, detail)


def cases(*rows: tuple[str, dict[str, Any], CheckResult]):
    return pytest.mark.parametrize(
        ("spec", "expected"), [pytest.param(spec, want, id=name) for name, spec, want in rows]
    )


def test_the_restricted_checks_and_their_versions():
    assert [
        (c.id, c.level, [(v.minimum_version, v.overrides) for v in c.versions]) for c in CHECKS
    ] == [
        ("allowPrivilegeEscalation", RESTRICTED, [((1, 8), ()), ((1, 25), ())]),
        (
            "capabilities_restricted",
            RESTRICTED,
            [((1, 22), ("capabilities_baseline",)), ((1, 25), ("capabilities_baseline",))],
        ),
        ("procMount_restricted", RESTRICTED, [((1, 35), ("procMount",))]),
        ("restrictedVolumes", RESTRICTED, [((1, 0), ("hostPathVolumes",))]),
        ("runAsNonRoot", RESTRICTED, [((1, 0), ()), ((1, 35), ())]),
        ("runAsUser", RESTRICTED, [((1, 23), ()), ((1, 35), ())]),
        (
            "seccompProfile_restricted",
            RESTRICTED,
            [((1, 19), ("seccompProfile_baseline",)), ((1, 25), ("seccompProfile_baseline",))],
        ),
    ]


# TestRestrictedVolumes

ALLOWED_VOLUMES = [
    {"name": "a1", "emptyDir": {}},
    {"name": "a2", "secret": {}},
    {"name": "a3", "persistentVolumeClaim": {}},
    {"name": "a4", "downwardAPI": {}},
    {"name": "a5", "configMap": {}},
    {"name": "a6", "projected": {}},
    {"name": "a7", "csi": {}},
    {"name": "a8", "ephemeral": {}},
    {"name": "a9", "image": {}},
]
RESTRICTED_VOLUME_SOURCES = [
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
]


def test_restricted_volumes_1_0():
    volumes = [
        *ALLOWED_VOLUMES,
        *({"name": f"b{i}", source: {}} for i, source in enumerate(RESTRICTED_VOLUME_SOURCES, 1)),
        {"name": "c1"},
    ]
    assert version(RESTRICTED_VOLUMES, (1, 0))({}, {"volumes": volumes}) == no(
        "restricted volume types",
        "volumes "
        '"b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1"'
        " use restricted volume types "
        '"awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", '
        '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"',
    )


@cases(
    ("allowed types", {"volumes": ALLOWED_VOLUMES}, ALLOWED),
    (
        "one volume, one type",
        {"volumes": [{"name": "host", "hostPath": {"path": "/"}}]},
        no("restricted volume types", 'volume "host" uses restricted volume type "hostPath"'),
    ),
    (
        "a null source is no source",
        {"volumes": [{"name": "v", "emptyDir": None}]},
        no("restricted volume types", 'volume "v" uses restricted volume type "unknown"'),
    ),
    (
        "an allowed source alongside a restricted one",
        {"volumes": [{"name": "v", "secret": {}, "hostPath": {}}]},
        ALLOWED,
    ),
)
def test_restricted_volumes_1_0_more(spec, expected):
    assert version(RESTRICTED_VOLUMES, (1, 0))({}, spec) == expected


# TestAllowPrivilegeEscalation_1_8 and TestAllowPrivilegeEscalation_1_25

MULTIPLE_ESCALATING = {
    "containers": [
        container("a"),
        container("b", {}),
        container("c", {"allowPrivilegeEscalation": True}),
        container("d", {"allowPrivilegeEscalation": False}),
    ]
}
ESCALATION_MULTIPLE = no(
    "allowPrivilegeEscalation != false",
    'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false',
)
ESCALATION_A = no(
    "allowPrivilegeEscalation != false",
    'container "a" must set securityContext.allowPrivilegeEscalation=false',
)


@cases(("multiple containers", MULTIPLE_ESCALATING, ESCALATION_MULTIPLE))
def test_allow_privilege_escalation_1_8(spec, expected):
    assert version(ALLOW_PRIVILEGE_ESCALATION, (1, 8))({}, spec) == expected


@cases(
    ("multiple containers", MULTIPLE_ESCALATING, ESCALATION_MULTIPLE),
    (
        "windows pod, admit without checking privilegeEscalation",
        {"os": {"name": "windows"}, "containers": [container("a")]},
        ALLOWED,
    ),
    (
        "linux pod, reject if security context is not set",
        {"os": {"name": "linux"}, "containers": [container("a")]},
        ESCALATION_A,
    ),
)
def test_allow_privilege_escalation_1_25(spec, expected):
    assert version(ALLOW_PRIVILEGE_ESCALATION, (1, 25))({}, spec) == expected


def test_allow_privilege_escalation_1_8_does_not_exempt_windows_pods():
    spec = {"os": {"name": "windows"}, "containers": [container("a")]}
    assert version(ALLOW_PRIVILEGE_ESCALATION, (1, 8))({}, spec) == ESCALATION_A


def test_containers_are_named_init_then_regular_then_ephemeral():
    spec = {
        "ephemeralContainers": [container("debug")],
        "containers": [container("app")],
        "initContainers": [container("setup")],
    }
    assert version(ALLOW_PRIVILEGE_ESCALATION, (1, 25))({}, spec) == no(
        "allowPrivilegeEscalation != false",
        'containers "setup", "app", "debug" must set securityContext.allowPrivilegeEscalation=false',
    )


# TestRunAsNonRoot

RUN_AS_NON_ROOT_CASES = [
    (
        "no explicit runAsNonRoot",
        {"containers": [container("a")]},
        no(
            "runAsNonRoot != true",
            'pod or container "a" must set securityContext.runAsNonRoot=true',
        ),
    ),
    (
        "pod runAsNonRoot=false",
        {"securityContext": {"runAsNonRoot": False}, "containers": [container("a")]},
        no("runAsNonRoot != true", "pod must not set securityContext.runAsNonRoot=false"),
    ),
    (
        "containers runAsNonRoot=false",
        {
            "securityContext": {"runAsNonRoot": True},
            "containers": [
                container("a"),
                container("b", {}),
                container("c", {"runAsNonRoot": False}),
                container("d", {"runAsNonRoot": False}),
                container("e", {"runAsNonRoot": True}),
                container("f", {"runAsNonRoot": True}),
            ],
        },
        no(
            "runAsNonRoot != true",
            'containers "c", "d" must not set securityContext.runAsNonRoot=false',
        ),
    ),
    (
        "pod nil, container fallthrough",
        {
            "containers": [
                container("a"),
                container("b", {}),
                container("d", {"runAsNonRoot": True}),
                container("e", {"runAsNonRoot": True}),
            ]
        },
        no(
            "runAsNonRoot != true",
            'pod or containers "a", "b" must set securityContext.runAsNonRoot=true',
        ),
    ),
]


@cases(
    *RUN_AS_NON_ROOT_CASES,
    ("host users false allowed", {"hostUsers": False}, ALLOWED),
)
def test_run_as_non_root_1_35(spec, expected):
    assert version(RUN_AS_NON_ROOT, (1, 35))({}, spec) == expected


@cases(
    *RUN_AS_NON_ROOT_CASES,
    (
        "pod and container runAsNonRoot=false",
        {
            "securityContext": {"runAsNonRoot": False},
            "containers": [container("a", {"runAsNonRoot": False}), container("b")],
        },
        no(
            "runAsNonRoot != true",
            'pod and container "a" must not set securityContext.runAsNonRoot=false',
        ),
    ),
    (
        "host users false not relaxed before 1.35",
        {"hostUsers": False, "containers": [container("a")]},
        no(
            "runAsNonRoot != true",
            'pod or container "a" must set securityContext.runAsNonRoot=true',
        ),
    ),
)
def test_run_as_non_root_1_0(spec, expected):
    assert version(RUN_AS_NON_ROOT, (1, 0))({}, spec) == expected


# TestRunAsUser

RUN_AS_USER_CASES = [
    (
        "pod runAsUser=0",
        {"securityContext": {"runAsUser": 0}, "containers": [container("a")]},
        no("runAsUser=0", "pod must not set runAsUser=0"),
    ),
    (
        "pod runAsUser=non-zero",
        {"securityContext": {"runAsUser": 1000}, "containers": [container("a")]},
        ALLOWED,
    ),
    ("pod runAsUser=nil", {"securityContext": {}, "containers": [container("a")]}, ALLOWED),
    (
        "containers runAsUser=0",
        {
            "securityContext": {"runAsUser": 1000},
            "containers": [
                container("a"),
                container("b", {}),
                container("c", {"runAsUser": 0}),
                container("d", {"runAsUser": 0}),
                container("e", {"runAsUser": 1}),
                container("f", {"runAsUser": 1}),
            ],
        },
        no("runAsUser=0", 'containers "c", "d" must not set runAsUser=0'),
    ),
    (
        "containers runAsUser=non-zero",
        {
            "containers": [
                container("c", {"runAsUser": 1}),
                container("d", {"runAsUser": 2}),
                container("e", {"runAsUser": 3}),
                container("f", {"runAsUser": 4}),
            ]
        },
        ALLOWED,
    ),
]


@cases(
    *RUN_AS_USER_CASES,
    ("host users false allowed", {"hostUsers": False}, ALLOWED),
)
def test_run_as_user_1_35(spec, expected):
    assert version(RUN_AS_USER, (1, 35))({}, spec) == expected


@cases(
    *RUN_AS_USER_CASES,
    (
        "pod and container runAsUser=0",
        {"securityContext": {"runAsUser": 0}, "containers": [container("a", {"runAsUser": 0})]},
        no("runAsUser=0", 'pod and container "a" must not set runAsUser=0'),
    ),
    (
        "host users false not relaxed before 1.35",
        {"hostUsers": False, "securityContext": {"runAsUser": 0}},
        no("runAsUser=0", "pod must not set runAsUser=0"),
    ),
)
def test_run_as_user_1_23(spec, expected):
    assert version(RUN_AS_USER, (1, 23))({}, spec) == expected


# TestSeccompProfileRestricted_1_19 and TestSeccompProfileRestricted_1_25


def seccomp(profile_type: str) -> dict[str, Any]:
    return {"seccompProfile": {"type": profile_type}}


SECCOMP_UNSET_A = no(
    "seccompProfile",
    'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
)
SECCOMP_CASES = [
    ("no explicit seccomp", {"containers": [container("a")]}, SECCOMP_UNSET_A),
    (
        "pod seccomp invalid",
        {"securityContext": seccomp("Unconfined"), "containers": [container("a")]},
        no(
            "seccompProfile", 'pod must not set securityContext.seccompProfile.type to "Unconfined"'
        ),
    ),
    (
        "containers seccomp invalid",
        {
            "securityContext": seccomp("RuntimeDefault"),
            "containers": [
                container("a"),
                container("b", {}),
                container("c", seccomp("Unconfined")),
                container("d", seccomp("Unconfined")),
                container("e", seccomp("RuntimeDefault")),
                container("f", seccomp("RuntimeDefault")),
            ],
        },
        no(
            "seccompProfile",
            'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
        ),
    ),
    (
        "pod nil, container fallthrough",
        {
            "containers": [
                container("a"),
                container("b", {}),
                container("d", seccomp("RuntimeDefault")),
                container("e", seccomp("RuntimeDefault")),
            ]
        },
        no(
            "seccompProfile",
            'pod or containers "a", "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        ),
    ),
]


@cases(
    *SECCOMP_CASES,
    (
        "pod and containers seccomp invalid, values sorted",
        {
            "securityContext": seccomp("Unconfined"),
            "containers": [container("a", seccomp("Other")), container("b", seccomp("Localhost"))],
        },
        no(
            "seccompProfile",
            'pod and container "a" must not set securityContext.seccompProfile.type to "Other", "Unconfined"',
        ),
    ),
    (
        "windows pod not exempt before 1.25",
        {"os": {"name": "windows"}, "containers": [container("a")]},
        SECCOMP_UNSET_A,
    ),
)
def test_seccomp_profile_restricted_1_19(spec, expected):
    assert version(SECCOMP_PROFILE_RESTRICTED, (1, 19))({}, spec) == expected


@cases(
    SECCOMP_CASES[0],
    (
        "no explicit seccomp, windows Pod",
        {"os": {"name": "windows"}, "containers": [container("a")]},
        ALLOWED,
    ),
    (
        "no explicit seccomp, linux pod",
        {"os": {"name": "linux"}, "containers": [container("a")]},
        SECCOMP_UNSET_A,
    ),
    *SECCOMP_CASES[1:],
)
def test_seccomp_profile_restricted_1_25(spec, expected):
    assert version(SECCOMP_PROFILE_RESTRICTED, (1, 25))({}, spec) == expected


# TestCapabilitiesRestricted_1_22 and TestCapabilitiesRestricted_1_25


def capabilities(add: list[str] | None = None, drop: list[str] | None = None) -> dict[str, Any]:
    caps = {key: value for key, value in (("add", add), ("drop", drop)) if value is not None}
    return {"capabilities": caps}


CAPABILITIES_MULTIPLE = (
    "multiple containers",
    {
        "containers": [
            container("a", capabilities(add=["FOO", "BAR"])),
            container("b", capabilities(add=["BAR", "BAZ"])),
            container("c", capabilities(add=["NET_BIND_SERVICE", "CHOWN"], drop=["ALL", "FOO"])),
        ]
    },
    no(
        "unrestricted capabilities",
        'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; '
        'containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
    ),
)
CAPABILITIES_UNSET_A = no(
    "unrestricted capabilities",
    'container "a" must set securityContext.capabilities.drop=["ALL"]',
)


@cases(
    CAPABILITIES_MULTIPLE,
    (
        "drop ALL, add NET_BIND_SERVICE",
        {"containers": [container("a", capabilities(add=["NET_BIND_SERVICE"], drop=["ALL"]))]},
        ALLOWED,
    ),
    (
        "windows pod not exempt before 1.25",
        {"os": {"name": "windows"}, "containers": [container("a")]},
        CAPABILITIES_UNSET_A,
    ),
)
def test_capabilities_restricted_1_22(spec, expected):
    assert version(CAPABILITIES_RESTRICTED, (1, 22))({}, spec) == expected


@cases(
    CAPABILITIES_MULTIPLE,
    (
        "windows pod, admit without checking capabilities",
        {"os": {"name": "windows"}, "containers": [container("a")]},
        ALLOWED,
    ),
    (
        "linux pod, reject if security context is not set",
        {"os": {"name": "linux"}, "containers": [container("a")]},
        CAPABILITIES_UNSET_A,
    ),
)
def test_capabilities_restricted_1_25(spec, expected):
    assert version(CAPABILITIES_RESTRICTED, (1, 25))({}, spec) == expected


# TestProcMountRestricted


@pytest.mark.parametrize("host_users", [True, False])
def test_proc_mount_restricted_1_35(host_users):
    spec = {
        "containers": [
            container("a"),
            container("b", {}),
            container("c", {"procMount": "Default"}),
            container("d", {"procMount": "Unmasked"}),
            container("e", {"procMount": "other"}),
        ],
        "hostUsers": host_users,
    }
    assert version(PROC_MOUNT_RESTRICTED, (1, 35))({}, spec) == no(
        "procMount",
        'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"',
    )
