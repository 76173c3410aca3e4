"""Small builders for authentication and RBAC tests: roles, bindings, users and requests."""

import json

from cluster.engine.api import resources
from cluster.engine.apiserver.authentication import UserInfo
from cluster.engine.apiserver.authorization import Attributes
from cluster.engine.apiserver.request import Credential, Request, Response
from cluster.engine.cluster import Cluster
from cluster.engine.store.etcd import Etcd

RBAC = "rbac.authorization.k8s.io"


def rule(verbs: str, groups: tuple[str, ...] = ("",), names: str = "", **extra) -> dict:
    """A PolicyRule: `verbs` and resource `names` are space-separated."""
    return {"verbs": verbs.split(), "apiGroups": list(groups), "resources": names.split(), **extra}


def cluster_role(name: str, *rules: dict, labels: dict | None = None, **extra) -> dict:
    meta = {"name": name, **({"labels": labels} if labels else {})}
    return {"kind": "ClusterRole", "metadata": meta, "rules": list(rules), **extra}


def role(namespace: str, name: str, *rules: dict) -> dict:
    return {
        "kind": "Role",
        "metadata": {"name": name, "namespace": namespace},
        "rules": list(rules),
    }


def user(name: str) -> dict:
    return {"apiGroup": RBAC, "kind": "User", "name": name}


def group(name: str) -> dict:
    return {"apiGroup": RBAC, "kind": "Group", "name": name}


def service_account(name: str, namespace: str = "") -> dict:
    return {
        "kind": "ServiceAccount",
        "name": name,
        **({"namespace": namespace} if namespace else {}),
    }


def binding(name: str, role_ref: str, *subjects: dict, namespace: str = "") -> dict:
    """A RoleBinding in `namespace`, else a ClusterRoleBinding; `role_ref` is `Kind/name`."""
    kind, role_name = role_ref.split("/")
    meta = {"name": name, **({"namespace": namespace} if namespace else {})}
    return {
        "kind": "RoleBinding" if namespace else "ClusterRoleBinding",
        "metadata": meta,
        "roleRef": {"apiGroup": RBAC, "kind": kind, "name": role_name},
        "subjects": list(subjects),
    }


_RESOURCE_OF_KIND = {r.kind: r for r in resources.all_resources()}


def put(etcd: Etcd, obj: dict) -> None:
    """Store an object as kube-apiserver would, without a request."""
    meta = obj["metadata"]
    key = _RESOURCE_OF_KIND[obj["kind"]].key(meta.get("namespace", ""), meta["name"])
    etcd.put(key, json.dumps(obj).encode())


def remove(etcd: Etcd, obj: dict) -> None:
    meta = obj["metadata"]
    etcd.delete(_RESOURCE_OF_KIND[obj["kind"]].key(meta.get("namespace", ""), meta["name"]))


def attrs(
    who: UserInfo, verb: str, names: str, namespace: str = "", name: str = "", **extra
) -> Attributes:
    """Attributes of a resource request; `names` is `resource[/subresource][.group]`."""
    target, _, group_name = names.partition(".")
    resource, _, subresource = target.partition("/")
    return Attributes(who, verb, namespace, group_name, resource, subresource, name, **extra)


def jane(*groups: str) -> UserInfo:
    return UserInfo("jane", (*groups, "system:authenticated"))


def sign_in(cluster: Cluster, name: str, *groups: str) -> Credential:
    """A static bearer token for user `name`, as a token file would list it."""
    token = f"{name}-token"
    cluster.apiserver.authenticator.add_token(token, UserInfo(name, groups))
    return Credential("token", token)


def ask(
    cluster: Cluster,
    credential: Credential | None,
    verb: str,
    resource: str,
    namespace: str = "",
    name: str = "",
    **options,
) -> Response:
    return cluster.handle(
        Request(verb, resource, namespace, name, credential=credential, **options)
    )


def create(cluster: Cluster, obj: dict) -> dict:
    """Create `obj` as the cluster's admin; it must succeed."""
    resource = _RESOURCE_OF_KIND[obj["kind"]]
    response = ask(
        cluster,
        cluster.admin,
        "create",
        resource.name,
        obj["metadata"].get("namespace", ""),
        body=obj,
    )
    assert response.code == 201, response.body
    return response.body
