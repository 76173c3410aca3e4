"""securityContext, the pod's and its containers', checked as kube-apiserver checks it."""

from cluster.engine.api import defaults, validation


def problems(security=None, **container_security) -> list[str]:
    container = {"name": "c", "image": "nginx"}
    if container_security:
        container["securityContext"] = container_security
    found = {
        "metadata": {"name": "p", "namespace": "d"},
        "spec": {"containers": [container], "securityContext": security or {}},
    }
    defaults.apply("Pod", found)
    return [str(e) for e in validation.validate("Pod", found, True)]


def test_the_docs_examples_pass() -> None:
    assert not problems(
        {
            "runAsUser": 1000,
            "runAsGroup": 3000,
            "fsGroup": 2000,
            "supplementalGroups": [4000],
            "supplementalGroupsPolicy": "Strict",
            "fsGroupChangePolicy": "OnRootMismatch",
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        allowPrivilegeEscalation=False,
        runAsUser=2000,
        capabilities={"add": ["NET_ADMIN", "SYS_TIME"]},
        seccompProfile={"type": "Localhost", "localhostProfile": "profiles/audit.json"},
        appArmorProfile={"type": "Localhost", "localhostProfile": "k8s-apparmor-example"},
    )


def test_ids_are_between_0_and_2147483647() -> None:
    assert problems({"runAsUser": -1, "supplementalGroups": [1, 2147483648]}, runAsGroup=-5) == [
        "spec.containers[0].securityContext.runAsGroup: Invalid value: -5: must be between 0 "
        "and 2147483647, inclusive",
        "spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, "
        "inclusive",
        "spec.securityContext.supplementalGroups[1]: Invalid value: 2147483648: must be between "
        "0 and 2147483647, inclusive",
    ]


def test_policies_are_among_those_supported() -> None:
    assert problems({"supplementalGroupsPolicy": "Loose", "fsGroupChangePolicy": "Never"}) == [
        'spec.securityContext.fsGroupChangePolicy: Unsupported value: "Never": supported '
        'values: "Always", "OnRootMismatch"',
        'spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Loose": supported '
        'values: "Merge", "Strict"',
    ]


def test_privilege_escalation_cannot_be_denied_to_a_privileged_container() -> None:
    assert problems(allowPrivilegeEscalation=False, privileged=True) == [
        'spec.containers[0].securityContext: Invalid value: {"Capabilities":null,'
        '"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":null,'
        '"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,'
        '"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,'
        '"AppArmorProfile":null}: cannot set `allowPrivilegeEscalation` to false and '
        "`privileged` to true"
    ]
    added = problems(allowPrivilegeEscalation=False, capabilities={"add": ["CAP_SYS_ADMIN"]})
    assert len(added) == 1
    assert '{"Capabilities":{"Add":["CAP_SYS_ADMIN"],"Drop":null},' in added[0]
    assert added[0].endswith("`capabilities.Add` CAP_SYS_ADMIN")


def test_profiles() -> None:
    assert problems(
        {"seccompProfile": {"type": "Localhost"}},
        seccompProfile={"type": "Bogus"},
        appArmorProfile={"type": "RuntimeDefault", "localhostProfile": "x"},
    ) == [
        'spec.containers[0].securityContext.seccompProfile.type: Unsupported value: "Bogus": '
        'supported values: "Localhost", "RuntimeDefault", "Unconfined"',
        'spec.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: "x": '
        "can only be set when AppArmor type is Localhost",
        "spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when "
        "seccomp type is Localhost",
    ]
    assert problems(seccompProfile={"type": "Localhost", "localhostProfile": "/abs/../p"}) == [
        "spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "
        '"/abs/../p": must be a relative path',
        "spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "
        "\"/abs/../p\": must not contain '..'",
    ]
    assert problems(seccompProfile={}) == [
        "spec.containers[0].securityContext.seccompProfile.type: Required value: type is "
        "required when seccompProfile is set"
    ]


def test_unmasked_proc_needs_a_user_namespace() -> None:
    assert problems(procMount="Unmasked") == [
        'spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` '
        "must be false to use `Unmasked`"
    ]
    assert problems(procMount="Masked") == [
        'spec.containers[0].securityContext.procMount: Unsupported value: "Masked": supported '
        'values: "Default", "Unmasked"'
    ]
