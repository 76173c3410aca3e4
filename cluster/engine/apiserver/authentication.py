"""Authentication: who is asking.

kube-apiserver tries its authenticators in turn: x509 client certificates signed by the
cluster CA (the components, as kubeadm issues them), static bearer tokens (the admin), and
service account tokens, which kube-apiserver signs itself (TokenRequest) and trusts only
until they expire and while the ServiceAccount they name exists with the same uid. A request
with no credential is refused with 401, as with `--anonymous-auth=false`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
from dataclasses import dataclass, replace
from typing import Any

from cluster.engine.api import resources
from cluster.engine.api.meta import new_uid
from cluster.engine.apiserver import listers
from cluster.engine.apiserver.request import Credential
from cluster.engine.clock import Clock
from cluster.engine.store import codec

AUTHENTICATED = "system:authenticated"  # user.AllAuthenticated
SERVICE_ACCOUNTS = "system:serviceaccounts"  # serviceaccount.AllServiceAccountsGroup
MASTERS = "system:masters"  # user.SystemPrivilegedGroup
NODES = "system:nodes"  # user.NodesGroup
NODE_USER_PREFIX = "system:node:"
SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:"
ISSUER = "https://kubernetes.default.svc.cluster.local"  # kubeadm's --service-account-issuer
TOKEN_EXPIRATION_SECONDS = 3600  # TokenRequest's default spec.expirationSeconds
LEEWAY_SECONDS = 60  # jwt.DefaultLeeway: a token expires a minute after its exp claim
SIGNATURE_BYTES = 256  # RS256 with a 2048-bit key
PUBLIC_KEY_BYTES = 294  # that key's public half, DER-encoded: its sha256 is the key id

X509 = "x509 client certificate"
BEARER_TOKEN = "bearer token"
SERVICE_ACCOUNT_TOKEN = "service account token"


CREDENTIAL_ID = "authentication.kubernetes.io/credential-id"  # user.CredentialIDKey
POD_NAME = "authentication.kubernetes.io/pod-name"  # serviceaccount.PodNameKey
POD_UID = "authentication.kubernetes.io/pod-uid"
NODE_NAME = "authentication.kubernetes.io/node-name"
NODE_UID = "authentication.kubernetes.io/node-uid"

Extra = tuple[tuple[str, tuple[str, ...]], ...]  # user.Info's extra: (key, values), by key


@dataclass(frozen=True, slots=True)
class UserInfo:
    name: str
    groups: tuple[str, ...] = ()
    uid: str = ""
    extra: Extra = ()

    def describe(self) -> str:
        return f'user "{self.name}" groups [{" ".join(self.groups)}]'

    def to_dict(self) -> dict[str, Any]:
        """authentication/v1 UserInfo, as JSON (every field omitempty)."""
        info: dict[str, Any] = {"username": self.name} if self.name else {}
        if self.uid:
            info["uid"] = self.uid
        if self.groups:
            info["groups"] = list(self.groups)
        if self.extra:
            info["extra"] = {key: list(values) for key, values in self.extra}
        return info


def _authenticated(user: UserInfo) -> UserInfo:
    """The user as an authenticator hands it on: in group system:authenticated."""
    return replace(user, groups=(*user.groups, AUTHENTICATED))


def service_account_user(namespace: str, name: str, uid: str = "", extra: Extra = ()) -> UserInfo:
    """serviceaccount.UserInfo: the user a ServiceAccount's token authenticates as."""
    return UserInfo(
        f"{SERVICE_ACCOUNT_USER_PREFIX}{namespace}:{name}",
        (SERVICE_ACCOUNTS, f"{SERVICE_ACCOUNTS}:{namespace}"),
        uid,
        extra,
    )


def _token_extra(claims: dict[str, Any]) -> Extra:
    """ServiceAccountInfo.UserInfo's extra: the pod and node a token is bound to, and the
    token's credential id (JTI=<jti>)."""
    private = claims["kubernetes.io"]
    found: dict[str, str] = {}
    if "pod" in private:
        found[POD_NAME], found[POD_UID] = private["pod"]["name"], private["pod"]["uid"]
    if claims.get("jti"):
        found[CREDENTIAL_ID] = f"JTI={claims['jti']}"
    if "node" in private:
        found[NODE_NAME], found[NODE_UID] = private["node"]["name"], private["node"]["uid"]
    return tuple((key, (found[key],)) for key in sorted(found))


@dataclass(frozen=True, slots=True)
class Bound:
    """The pod a token is bound to (its boundObjectRef), and the pod's node, each (name, uid):
    the token is good only while the pod lives."""

    pod: tuple[str, str]
    node: tuple[str, str] | None = None
    warn_after: int = 0  # unix seconds: an extended token's requested end (0: not extended)


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unbase64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _segment(claims: dict[str, object]) -> str:
    return _base64url(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())


class Authenticator:
    """The x509, token-file and service-account authenticators of kube-apiserver."""

    def __init__(self, clock: Clock, rng: random.Random, store: listers.Store) -> None:
        self._clock = clock
        self._rng = rng
        self._store = store
        # what each recognises, as authenticated users (system:authenticated added)
        self._tokens: dict[str, UserInfo] = {}
        self._certificates: dict[str, UserInfo] = {}
        self._signing_key = b""  # the service account signing key, made at the first token
        self._key_id = ""

    def add_token(self, token: str, user: UserInfo) -> None:
        self._tokens[token] = _authenticated(user)

    def issue_certificate(self, user: UserInfo) -> Credential:
        """A client certificate signed by the cluster CA, as kubeadm issues to components."""
        organizations = "".join(f"/O={group}" for group in user.groups)
        subject = f"CN={user.name}{organizations}"
        self._certificates[subject] = _authenticated(user)
        return Credential("x509", subject)

    def issue_service_account_token(
        self,
        namespace: str,
        name: str,
        uid: str,
        expiration_seconds: int = TOKEN_EXPIRATION_SECONDS,
        audiences: tuple[str, ...] = (ISSUER,),
        bound: Bound | None = None,
    ) -> str:
        """TokenRequest: a JWT for ServiceAccount `namespace/name`, signed by kube-apiserver."""
        if not self._signing_key:
            self._signing_key = self._rng.randbytes(PUBLIC_KEY_BYTES)
            self._key_id = _base64url(hashlib.sha256(self._signing_key).digest())
        now = self._clock.unix()
        private: dict[str, object] = {"namespace": namespace}
        if bound is not None:
            if bound.node is not None:
                private["node"] = {"name": bound.node[0], "uid": bound.node[1]}
            private["pod"] = {"name": bound.pod[0], "uid": bound.pod[1]}
        private["serviceaccount"] = {"name": name, "uid": uid}
        if bound is not None and bound.warn_after:
            private["warnafter"] = bound.warn_after
        payload = {
            "aud": list(audiences),
            "exp": now + expiration_seconds,
            "iat": now,
            "iss": ISSUER,
            "jti": new_uid(self._rng),
            "kubernetes.io": private,
            "nbf": now,
            "sub": service_account_user(namespace, name).name,
        }
        header = {"alg": "RS256", "kid": self._key_id}
        signed = f"{_segment(header)}.{_segment(payload)}"
        return f"{signed}.{self._signature(signed)}"

    def _signature(self, signed: str) -> str:
        """What kube-apiserver's key signs: here a digest keyed with it, as long as an RS256
        signature, which proves the same (it issued the token, and nobody changed it) with
        nothing to remember per token."""
        digest = hashlib.shake_256(self._signing_key + signed.encode())
        return _base64url(digest.digest(SIGNATURE_BYTES))

    def authenticate(self, credential: Credential | None) -> tuple[UserInfo, str] | None:
        """The user and how they were recognised, or None (401 Unauthorized)."""
        if credential is None:
            return None
        if credential.kind == "x509":
            user = self._certificates.get(credential.value)
            return None if user is None else (user, X509)
        user = self._tokens.get(credential.value)
        if user is not None:
            return user, BEARER_TOKEN
        user = self._service_account(credential.value)
        return None if user is None else (_authenticated(user), SERVICE_ACCOUNT_TOKEN)

    def _service_account(self, token: str) -> UserInfo | None:
        """A token we signed, not expired, for our audience, whose ServiceAccount (and pod, for
        a bound one) still exists with its uid."""
        signed, _, signature = token.rpartition(".")
        if not self._signing_key or not hmac.compare_digest(signature, self._signature(signed)):
            return None
        claims = json.loads(_unbase64url(signed.split(".")[1]))
        if self._clock.unix() - LEEWAY_SECONDS > claims["exp"]:
            return None
        if ISSUER not in claims["aud"]:  # kube-apiserver's --api-audiences
            return None
        private = claims["kubernetes.io"]
        namespace, account = private["namespace"], private["serviceaccount"]
        if not self._exists("serviceaccounts", namespace, account):
            return None
        if "pod" in private and not self._exists("pods", namespace, private["pod"]):
            return None
        return service_account_user(
            namespace, account["name"], account["uid"], _token_extra(claims)
        )

    def _exists(self, resource: str, namespace: str, ref: dict[str, str]) -> bool:
        """Whether the object a token's claim names is there, with the uid it names."""
        kv = self._store.get(resources.BY_NAME[resource].key(namespace, ref["name"]))
        return kv is not None and codec.decode(kv.value)["metadata"].get("uid") == ref["uid"]
