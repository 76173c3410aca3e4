"""TokenRequest (authentication.k8s.io/v1), the `serviceaccounts/token` subresource
(pkg/registry/core/serviceaccount/storage/token.go): a token signed for a ServiceAccount, for
the audiences asked for (kube-apiserver's own by default), valid for expirationSeconds (an
hour by default, ten minutes at least). Nothing is stored: the token is the answer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cluster.engine.api.field import FieldError, invalid
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.authentication import (
    ISSUER,
    TOKEN_EXPIRATION_SECONDS,
    Authenticator,
    Bound,
)
from cluster.engine.clock import Clock

KIND = "TokenRequest"
GROUP = "authentication.k8s.io"
API_VERSION = f"{GROUP}/v1"
MIN_EXPIRATION_SECONDS = 600
# what the kubelet asks for (WarnOnlyBoundTokenExpirationSeconds): kube-apiserver's
# --service-account-extend-token-expiration makes it a year, with a warnafter claim
WARN_ONLY_SECONDS = 3607
EXTENDED_SECONDS = 365 * 24 * 3600  # ExpirationExtensionSeconds
MAX_EXPIRATION_SECONDS = (1 << 32) - 1  # math.MaxUint32


def _invalid(name: str, problems: list[FieldError]) -> errors.StatusError:
    return errors.invalid_kind(KIND, GROUP, name, [p.cause() for p in problems])


def _mismatch(meta: Object, account: str, namespace: str) -> None:
    """The body may name the account and its namespace, as the URL does."""
    for key, wanted in (("name", account), ("namespace", namespace)):
        value = meta.get(key)
        if value and value != wanted:
            detail = f"must match the service account {key} if specified"
            raise _invalid(account, [invalid(f"metadata.{key}", value, detail)])


def _validate(spec: Object) -> list[FieldError]:
    """ValidateTokenRequest."""
    seconds: Any = spec.get("expirationSeconds")
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        raise errors.bad_request(
            f"json: cannot unmarshal {type(seconds).__name__} into Go struct field "
            "TokenRequestSpec.spec.expirationSeconds of type int64"
        )
    if seconds < MIN_EXPIRATION_SECONDS:
        detail = "may not specify a duration less than 10 minutes"
        return [invalid("spec.expirationSeconds", seconds, detail)]
    if seconds > MAX_EXPIRATION_SECONDS:
        detail = "may not specify a duration larger than 2^32 seconds"
        return [invalid("spec.expirationSeconds", seconds, detail)]
    return []


def bind(ref: Object, account: str, pod: Object, node: Object | None, seconds: int) -> Bound:
    """What a token bound to `pod` (its boundObjectRef, read) carries: the pod and its node;
    and the extension of a kubelet's token, asked for WARN_ONLY_SECONDS and good for a year."""
    meta = pod["metadata"]
    if pod["spec"].get("serviceAccountName", "default") != account:
        raise errors.bad_request(
            f'cannot bind token for serviceaccount "{account}" to pod running with different '
            "serviceaccount name."
        )
    if ref.get("uid") and ref["uid"] != meta["uid"]:
        message = (
            f'Operation cannot be fulfilled on Pod "{meta["name"]}": the UID in the bound object '
            f"reference ({ref['uid']}) does not match the UID in record. The object might have "
            "been deleted and then recreated"
        )
        raise errors.StatusError(409, "Conflict", message, {"name": meta["name"], "kind": "Pod"})
    on = (node["metadata"]["name"], node["metadata"]["uid"]) if node is not None else None
    warn_after = seconds if seconds == WARN_ONLY_SECONDS else 0
    return Bound((meta["name"], meta["uid"]), on, warn_after)


def require_pod(ref: Object) -> None:
    """A token binds to a Pod here: BadRequest for a boundObjectRef of any other kind."""
    version, kind = ref.get("apiVersion", ""), ref.get("kind", "")
    if version != "v1" or kind != "Pod":
        group, _, version = version.rpartition("/")
        raise errors.bad_request(
            f"cannot bind token to object of type {group}/{version}, Kind={kind}"
        )


def create(
    body: Object | None,
    account: Object,
    authenticator: Authenticator,
    clock: Clock,
    bound: Bound | None = None,
) -> Object:
    """The TokenRequest answered: its defaults filled in and a token in its status."""
    request = dict(body or {})
    meta = dict(request.get("metadata") or {})
    account_meta = account["metadata"]
    name, namespace = account_meta["name"], account_meta["namespace"]
    _mismatch(meta, name, namespace)
    spec = dict(request.get("spec") or {})
    spec["audiences"] = list(spec.get("audiences") or [ISSUER])
    if spec.get("expirationSeconds") is None:
        spec["expirationSeconds"] = TOKEN_EXPIRATION_SECONDS  # SetDefaults_TokenRequestSpec
    spec.setdefault("boundObjectRef", None)
    problems = _validate(spec)
    if problems:
        raise _invalid("", problems)
    seconds = spec["expirationSeconds"]
    lifetime = EXTENDED_SECONDS if bound is not None and bound.warn_after else seconds
    if bound is not None and bound.warn_after:
        bound = replace(bound, warn_after=clock.unix() + seconds)
    token = authenticator.issue_service_account_token(
        namespace, name, account_meta.get("uid", ""), lifetime, tuple(spec["audiences"]), bound
    )
    meta.update(name=name, namespace=namespace, creationTimestamp=clock.timestamp())
    return {
        "kind": KIND,
        "apiVersion": API_VERSION,
        "metadata": meta,
        "spec": spec,
        "status": {"token": token, "expirationTimestamp": clock.timestamp(seconds * 1000)},
    }


def summary(answered: Object) -> str:
    meta, spec = answered["metadata"], answered["spec"]
    return (
        f"token for system:serviceaccount:{meta['namespace']}:{meta['name']}, "
        f"audiences {', '.join(spec['audiences'])}, expires in {spec['expirationSeconds']}s"
    )
