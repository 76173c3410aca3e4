"""The OpenAPI v3 documents kube-apiserver serves at /openapi/v3: one per group version.

- `index(prefix)`: the body of GET /openapi/v3, `{"paths": {"api/v1": {"serverRelativeURL":
  "<prefix>/openapi/v3/api/v1?hash=<SHA-512 of the document, upper-case hex>"}, ...}}`.
  `prefix` is whatever the server's base path is (`/k8s/<owner>/<cluster>`, or "").
- `document(path)`: the document of `api/v1`, `apis/apps/v1`, ... (None for others):
  `components.schemas` holds every type the group version's kinds use, and `paths` every
  operation with its parameters. PATCH, POST and PUT take `dryRun`, `fieldManager` and
  `fieldValidation`, and each operation names its kind in `x-kubernetes-group-version-kind`:
  that is how kubectl decides it may ask the server to validate fields.
- `document_bytes(path)`: the same document encoded as JSON, the bytes the hash is of.

Everything is computed once per process and is the same in every process.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator

from cluster.engine.api import resources, schema
from cluster.engine.api.resources import Resource
from cluster.engine.api.schema_dsl import REF_PREFIX, Schema, full_name

OPENAPI_VERSION = "3.0.0"
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
# the kinds of subresources, where they are not the resource's own kind
_SUBRESOURCE_KINDS = {
    "scale": ("autoscaling/v1", "Scale"),
    "binding": ("v1", "Binding"),
    "eviction": ("policy/v1", "Eviction"),
}
_PATCH_TYPES = (
    "application/apply-patch+yaml",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
)
_OUTPUT_TYPES = ("application/json", "application/yaml", "application/vnd.kubernetes.protobuf")


def _query(name: str, description: str, type_: str = "string", **extra: object) -> Schema:
    return {
        "name": name,
        "in": "query",
        "description": description,
        "schema": {"type": type_, "uniqueItems": True, **extra},
    }


DRY_RUN = _query(
    "dryRun",
    "When present, indicates that modifications should not be persisted. An invalid or "
    "unrecognized dryRun directive will result in an error response and no further processing "
    "of the request. Valid values are: - All: all dry run stages will be processed",
)
FIELD_MANAGER = _query(
    "fieldManager",
    "fieldManager is a name associated with the actor or entity that is making these changes. "
    "The value must be less than or 128 characters long, and only contain printable characters, "
    "as defined by https://golang.org/pkg/unicode/#IsPrint.",
)
FIELD_VALIDATION = _query(
    "fieldValidation",
    "fieldValidation instructs the server on how to handle objects in the request "
    "(POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This "
    "will ignore any unknown fields that are silently dropped from the object, and will ignore "
    "all but the last duplicate field that the decoder encounters. - Warn: This will send a "
    "warning via the standard warning response header for each unknown field that is dropped "
    "from the object, and for each duplicate field that is encountered. - Strict: This will "
    "fail the request with a BadRequest error if any unknown fields would be dropped from the "
    "object, or if any duplicate fields are present.",
)
FORCE = _query(
    "force",
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting '
    "fields owned by other people. Force flag must be unset for non-apply patch requests.",
    "boolean",
)
_LIST_PARAMETERS = (
    _query("allowWatchBookmarks", "allowWatchBookmarks requests watch events with type \"BOOKMARK\".", "boolean"),
    _query("continue", "The continue option should be set when retrieving more results from the server."),
    _query("fieldSelector", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
    _query("labelSelector", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
    _query("limit", "limit is a maximum number of responses to return for a list call.", "integer"),
    _query("resourceVersion", "resourceVersion sets a constraint on what resource versions a request may be served from."),
    _query("resourceVersionMatch", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
    _query("sendInitialEvents", "`sendInitialEvents=true` may be set together with `watch=true`.", "boolean"),
    _query("timeoutSeconds", "Timeout for the list/watch call.", "integer"),
    _query("watch", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.", "boolean"),
)  # fmt: skip
_DELETE_PARAMETERS = (
    DRY_RUN,
    _query("gracePeriodSeconds", "The duration in seconds before the object should be deleted.", "integer"),
    _query("ignoreStoreReadErrorWithClusterBreakingPotential", "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.", "boolean"),
    _query("orphanDependents", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.", "boolean"),
    _query("propagationPolicy", "Whether and how garbage collection will be performed."),
)  # fmt: skip
_WRITE_PARAMETERS = (DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION)
_PRETTY = _query(
    "pretty",
    "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent "
    "indicates a browser or command-line HTTP tool (curl and wget).",
)
_NAMESPACE = {
    "name": "namespace",
    "in": "path",
    "description": "object name and auth scope, such as for teams and projects",
    "required": True,
    "schema": {"type": "string", "uniqueItems": True},
}


def group_versions() -> list[str]:
    """`api/v1`, `apis/apps/v1`, ...: the paths of the documents, in discovery order."""
    return list(dict.fromkeys(_root(r) for r in resources.all_resources()))


def index(prefix: str = "") -> Schema:
    """GET /openapi/v3: each document's URL, its hash making it cacheable forever."""
    return {
        "paths": {
            path: {"serverRelativeURL": f"{prefix}/openapi/v3/{path}?hash={_hash(path)}"}
            for path in group_versions()
        }
    }


def document(path: str) -> Schema | None:
    """The document of one group version (`api/v1`, `apis/apps/v1`), or None."""
    return _document(path) if path in group_versions() else None


@functools.cache
def document_bytes(path: str) -> bytes:
    return json.dumps(document(path), sort_keys=True, separators=(",", ":")).encode()


@functools.cache
def _hash(path: str) -> str:
    return hashlib.sha512(document_bytes(path)).hexdigest().upper()


@functools.cache
def _document(path: str) -> Schema:
    served = [r for r in resources.all_resources() if _root(r) == path]
    paths: dict[str, Schema] = {}
    for resource in served:
        paths.update(_resource_paths(resource))
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "Kubernetes", "version": "v1.37.1"},
        "paths": paths,
        "components": {
            "schemas": _closure(_kinds(served)),
            "securitySchemes": {
                "BearerToken": {
                    "type": "apiKey",
                    "description": "Bearer Token authentication",
                    "name": "authorization",
                    "in": "header",
                }
            },
        },
    }


def _root(resource: Resource) -> str:
    return f"apis/{resource.group}/{resource.version}" if resource.group else "api/v1"


def _kinds(served: list[Resource]) -> list[str]:
    """The full names of the types a group version's operations send and receive."""
    names = [f"{META}Status", f"{META}DeleteOptions", f"{META}Patch"]
    for resource in served:
        for api_version, kind in (
            (resource.api_version, resource.kind),
            (resource.api_version, f"{resource.kind}List"),
            *(_SUBRESOURCE_KINDS[s] for s in resource.subresources if s in _SUBRESOURCE_KINDS),
        ):
            name = schema.kind_definition(api_version, kind)
            if name:
                names.append(name)
    return names


def _closure(names: list[str]) -> dict[str, Schema]:
    """The named types and every type they refer to, sorted by name."""
    found: dict[str, Schema] = {}
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found[name] = schema.definitions()[name]
        pending.extend(_references(found[name]))
    return dict(sorted(found.items()))


def _references(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.removeprefix(REF_PREFIX)
            elif key == "properties":  # field names, not keywords (JSONSchemaProps has `$ref`)
                for field in value.values():
                    yield from _references(field)
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


# -- paths and operations ---------------------------------------------------------------------


def _resource_paths(resource: Resource) -> dict[str, Schema]:
    base = "/" + _root(resource)
    scoped = f"{base}/namespaces/{{namespace}}" if resource.namespaced else base
    collection = f"{scoped}/{resource.name}"
    item = f"{collection}/{{name}}"
    paths: dict[str, Schema] = {}
    kind = (resource.api_version, resource.kind)
    ops = _operations(resource, kind, "", ("list", "create", "deletecollection"))
    if ops:
        paths[collection] = _path(resource, ops, named=False)
    ops = _operations(resource, kind, "", ("get", "update", "patch", "delete"))
    if ops:
        paths[item] = _path(resource, ops, named=True)
    if resource.namespaced and resource.serves("list"):
        everywhere = _operation(resource, kind, "list", "", all_namespaces=True)
        paths[f"{base}/{resource.name}"] = {"get": everywhere, "parameters": [_PRETTY]}
    for sub in resource.subresources:
        paths[f"{item}/{sub}"] = _path(resource, _subresource_operations(resource, sub), True)
    return paths


def _path(resource: Resource, operations: dict[str, Schema], named: bool) -> Schema:
    parameters = []
    if named:
        parameters.append(
            {
                "name": "name",
                "in": "path",
                "description": f"name of the {resource.kind}",
                "required": True,
                "schema": {"type": "string", "uniqueItems": True},
            }
        )
    if resource.namespaced:
        parameters.append(_NAMESPACE)
    parameters.append(_PRETTY)
    return {**operations, "parameters": parameters}


_METHODS = {
    "list": "get",
    "get": "get",
    "create": "post",
    "update": "put",
    "patch": "patch",
    "delete": "delete",
    "deletecollection": "delete",
}


def _operations(
    resource: Resource, kind: tuple[str, str], sub: str, verbs: tuple[str, ...]
) -> dict[str, Schema]:
    return {
        _METHODS[verb]: _operation(resource, kind, verb, sub)
        for verb in verbs
        if resource.serves(verb)
    }


def _subresource_operations(resource: Resource, sub: str) -> dict[str, Schema]:
    kind = _SUBRESOURCE_KINDS.get(sub, (resource.api_version, resource.kind))
    if sub in ("binding", "eviction"):
        return {"post": _operation(resource, kind, "create", sub)}
    if sub == "log":
        return {
            "get": {**_operation(resource, kind, "get", sub), "parameters": list(_LOG_PARAMETERS)}
        }
    if sub in _CONNECT_KINDS:
        return {method: _connect(resource, sub, method) for method in ("get", "post")}
    if sub == "finalize":
        return {"put": _operation(resource, kind, "update", sub)}
    return _operations(resource, kind, sub, ("get", "update", "patch"))


_CONNECT_KINDS = {"exec": "PodExecOptions", "attach": "PodAttachOptions"}
_EXEC_PARAMETERS = (
    _query("command", "Command is the remote command to execute. argv array. Not executed within a shell."),
    _query("container", "Container in which to execute the command. Defaults to only container if there is only one container in the pod."),
    _query("stderr", "Redirect the standard error stream of the pod for this call.", "boolean"),
    _query("stdin", "Redirect the standard input stream of the pod for this call. Defaults to false.", "boolean"),
    _query("stdout", "Redirect the standard output stream of the pod for this call.", "boolean"),
    _query("tty", "TTY if true indicates that a tty will be allocated for the exec call. Defaults to false.", "boolean"),
)  # fmt: skip
_LOG_PARAMETERS = (
    _query("container", "The container for which to stream logs. Defaults to only container if there is one container in the pod."),
    _query("follow", "Follow the log stream of the pod. Defaults to false.", "boolean"),
    _query("limitBytes", "If set, the number of bytes to read from the server before terminating the log output.", "integer"),
    _query("previous", "Return previous terminated container logs. Defaults to false.", "boolean"),
    _query("sinceSeconds", "A relative time in seconds before the current time from which to show logs.", "integer"),
    _query("tailLines", "If set, the number of lines from the end of the logs to show.", "integer"),
    _query("timestamps", "If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.", "boolean"),
)  # fmt: skip


def _connect(resource: Resource, sub: str, method: str) -> Schema:
    """A connect operation (exec, attach): a stream, not an object."""
    group, _, version = resource.api_version.rpartition("/")
    scope = "Namespaced" if resource.namespaced else ""
    operation_id = (
        f"connect{_group_id(resource)}{method.title()}{scope}{resource.kind}{sub.title()}"
    )
    return {
        "tags": [_tag(resource)],
        "description": f"connect {method.upper()} requests to {sub} of {resource.kind}",
        "operationId": operation_id,
        "parameters": list(_EXEC_PARAMETERS),
        "responses": {
            "200": {"description": "OK", "content": {"*/*": {"schema": {"type": "string"}}}},
            "401": {"description": "Unauthorized"},
        },
        "x-kubernetes-action": "connect",
        "x-kubernetes-group-version-kind": {
            "group": group,
            "kind": _CONNECT_KINDS[sub],
            "version": version,
        },
    }


_ACTIONS = {
    "list": ("list", "list or watch objects of kind {kind}", "list{id}"),
    "get": ("get", "read the specified {kind}", "read{id}"),
    "create": ("post", "create a {kind}", "create{id}"),
    "update": ("put", "replace the specified {kind}", "replace{id}"),
    "patch": ("patch", "partially update the specified {kind}", "patch{id}"),
    "delete": ("delete", "delete a {kind}", "delete{id}"),
    "deletecollection": ("deletecollection", "delete collection of {kind}", "deleteCollection{id}"),
}


def _operation(
    resource: Resource, kind: tuple[str, str], verb: str, sub: str, all_namespaces: bool = False
) -> Schema:
    action, description, operation_id = _ACTIONS[verb]
    api_version, kind_name = kind
    group, _, version = api_version.rpartition("/")
    if sub and sub not in ("binding", "eviction"):
        description = description.replace("the specified", f"{sub} of the specified")
    operation: Schema = {
        "tags": [_tag(resource)],
        "description": description.format(kind=resource.kind),
        "operationId": operation_id.format(id=_operation_id(resource, sub, all_namespaces)),
        "parameters": _parameters(verb),
        "responses": _responses(verb, kind, sub),
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": {"group": group, "kind": kind_name, "version": version},
    }
    if verb in ("create", "update"):
        operation["requestBody"] = _body({"*/*": _ref_of(kind)})
    elif verb == "patch":
        operation["requestBody"] = _body(
            {t: {"schema": {"$ref": f"{REF_PREFIX}{META}Patch"}} for t in _PATCH_TYPES}
        )
    elif verb in ("delete", "deletecollection"):
        operation["requestBody"] = {
            "content": {"*/*": {"schema": {"$ref": f"{REF_PREFIX}{META}DeleteOptions"}}}
        }
    return operation


def _parameters(verb: str) -> list[Schema]:
    if verb == "list":
        return list(_LIST_PARAMETERS)
    if verb in ("create", "update"):
        return list(_WRITE_PARAMETERS)
    if verb == "patch":
        return [*_WRITE_PARAMETERS, FORCE]
    if verb == "delete":
        return list(_DELETE_PARAMETERS)
    if verb == "deletecollection":
        return [*_LIST_PARAMETERS, *_DELETE_PARAMETERS]
    return []


# the codes each verb answers with, as kube-apiserver documents them
_CODES = {
    "list": ("200",),
    "get": ("200",),
    "create": ("200", "201", "202"),
    "update": ("200", "201"),
    "patch": ("200", "201"),
    "delete": ("200", "202"),
    "deletecollection": ("200",),
}
_MEANINGS = {"200": "OK", "201": "Created", "202": "Accepted"}


def _responses(verb: str, kind: tuple[str, str], sub: str) -> Schema:
    api_version, kind_name = kind
    if sub == "log":
        text = {"text/plain": {"schema": {"type": "string"}}}
        return {"200": {"description": "OK", "content": text}}
    if verb == "list":
        kind = (api_version, f"{kind_name}List")
    elif verb == "deletecollection":
        kind = ("v1", "Status")
    responses = {code: {"description": _MEANINGS[code], **_output(kind)} for code in _CODES[verb]}
    return {**responses, "401": {"description": "Unauthorized"}}


def _output(kind: tuple[str, str]) -> Schema:
    return {"content": {t: _ref_of(kind) for t in _OUTPUT_TYPES}}


def _ref_of(kind: tuple[str, str]) -> Schema:
    name = schema.kind_definition(*kind) or full_name("meta.v1.Status")
    return {"schema": {"$ref": REF_PREFIX + name}}


def _body(content: Schema) -> Schema:
    return {"content": content, "required": True}


def _tag(resource: Resource) -> str:
    if not resource.group:
        return "core_v1"
    first, *rest = resource.group.removesuffix(".k8s.io").split(".")
    return first + "".join(word.title() for word in rest) + "_" + resource.version


def _group_id(resource: Resource) -> str:
    """`CoreV1`, `AppsV1`, `RbacAuthorizationV1`: how operation ids name a group version."""
    group = _tag(resource).split("_")[0]
    return f"{group[0].upper()}{group[1:]}{resource.version.title()}"


def _operation_id(resource: Resource, sub: str, all_namespaces: bool) -> str:
    """`CoreV1NamespacedPodStatus`, `AppsV1DeploymentForAllNamespaces` ..."""
    scope = "Namespaced" if resource.namespaced and not all_namespaces else ""
    suffix = "ForAllNamespaces" if all_namespaces else ""
    return f"{_group_id(resource)}{scope}{resource.kind}{sub.title()}{suffix}"
