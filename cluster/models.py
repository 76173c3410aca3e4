"""Cluster records and API tokens. A cluster's state lives in its journal, not here."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Cluster(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clusters"
    )
    name = models.CharField(max_length=63)
    seed = models.BigIntegerField()
    epoch = models.BigIntegerField(help_text="Unix time at the cluster's virtual time 0.")
    admin_token = models.CharField(max_length=64, help_text="The cluster's kubernetes-admin token.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="unique_cluster_name")
        ]

    def __str__(self) -> str:
        return f"{self.owner}/{self.name}"


class ApiToken(models.Model):
    """A bearer token for KubeLab's API; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user) -> str:
        token = secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=cls.hash(token))
        return token


class WorkspaceFile(models.Model):
    """A file of a cluster's workspace: what `ls`, `cat`, `edit` and `kubectl -f` see in the
    dashboard's terminal. Limits and name rules are in cluster/workspace.py."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="workspace_files")
    path = models.CharField(max_length=255)
    content = models.TextField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "path"], name="unique_workspace_path")
        ]

    def __str__(self) -> str:
        return f"{self.cluster}:{self.path}"
