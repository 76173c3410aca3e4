"""TokenRequest (authentication.k8s.io/v1), the `serviceaccounts/token` subresource
(pkg/registry/core/serviceaccount/storage/token.go): a token signed for a ServiceAccount, for
the audiences asked for (kube-apiserver's own by default), valid for expirationSeconds (an
hour by default, ten minutes at least). Nothing is stored: the token is the answer.
"""

from __future__ import annotations

from typing import Any

from cluster.engine.api.field import FieldError, invalid
from cluster.engine.api.meta import Object
from cluster.engine.apiserver import errors
from cluster.engine.apiserver.authentication import (
    ISSUER,
    TOKEN_EXPIRATION_SECONDS,
    Authenticator,
)
from cluster.engine.clock import Clock

KIND = "TokenRequest"
GROUP = "authentication.k8s.io"
API_VERSION = f"{GROUP}/v1"
MIN_EXPIRATION_SECONDS = 600
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


def create(
    body: Object | None, account: Object, authenticator: Authenticator, clock: Clock
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
    token = authenticator.issue_service_account_token(
        namespace, name, account_meta.get("uid", ""), seconds, tuple(spec["audiences"])
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
