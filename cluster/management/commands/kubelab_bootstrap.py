"""Make sure the local owner and the cluster `default` exist, and write the owner's API token."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from cluster import selectors, services
from cluster.journal import Journal
from cluster.models import ApiToken

DEFAULT_CLUSTER = "default"


class Command(BaseCommand):
    help = "Create the local owner, its default cluster and its API token if missing."

    def handle(self, *args: object, **options: object) -> None:
        owner, _ = get_user_model().objects.get_or_create(
            username=settings.KUBELAB_LOCAL_OWNER_NAME
        )
        cluster = selectors.cluster_of(owner, DEFAULT_CLUSTER)
        if cluster is not None and Journal(services.redis_client(), cluster.id).spec() is None:
            cluster.delete()  # its journal is gone (a new Redis): start it afresh
            cluster = None
        if cluster is None:
            services.cluster_create(owner=owner, name=DEFAULT_CLUSTER)
            self.stdout.write(f"created cluster {DEFAULT_CLUSTER}")
        token_file = settings.DATA_DIR / "token"
        if (
            not token_file.exists()
            or selectors.user_for_token(token_file.read_text().strip()) is None
        ):
            fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(ApiToken.issue(owner) + "\n")
            self.stdout.write(f"wrote {token_file}")
