"""Authentication: who is asking. Bearer tokens and client certificates map to users."""

from __future__ import annotations

from dataclasses import dataclass

from cluster.engine.apiserver.request import Credential

AUTHENTICATED = "system:authenticated"


@dataclass(frozen=True, slots=True)
class UserInfo:
    name: str
    groups: tuple[str, ...] = ()

    def describe(self) -> str:
        return f'user "{self.name}" groups [{" ".join(self.groups)}]'


class Authenticator:
    """The token and x509 authenticators of kube-apiserver, in that order."""

    def __init__(self) -> None:
        self._tokens: dict[str, UserInfo] = {}
        self._certificates: dict[str, UserInfo] = {}

    def add_token(self, token: str, user: UserInfo) -> None:
        self._tokens[token] = user

    def issue_certificate(self, user: UserInfo) -> Credential:
        """A client certificate signed by the cluster CA, as kubeadm issues to components."""
        organizations = "".join(f"/O={group}" for group in user.groups)
        subject = f"CN={user.name}{organizations}"
        self._certificates[subject] = user
        return Credential("x509", subject)

    def authenticate(self, credential: Credential | None) -> tuple[UserInfo, str] | None:
        """The user and how they were recognised, or None (401 Unauthorized)."""
        if credential is None:
            return None
        if credential.kind == "token":
            user = self._tokens.get(credential.value)
            method = "bearer token"
        else:
            user = self._certificates.get(credential.value)
            method = "x509 client certificate"
        if user is None:
            return None
        return UserInfo(user.name, (*user.groups, AUTHENTICATED)), method
