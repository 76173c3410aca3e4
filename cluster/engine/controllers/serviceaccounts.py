"""The service account controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
every active namespace has a `default` ServiceAccount, made again if it is deleted.

Tokens are projected into pods by the kubelet nowadays: no token Secrets are made.
"""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.controller_utils import (
    NAMESPACE_TERMINATING_CAUSE,
    has_status_cause,
)
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue

SERVICE_ACCOUNTS = ("default",)  # DefaultServiceAccountsControllerOptions


class ServiceAccountsController:
    name = "serviceaccount"

    def __init__(self, clock: Clock, client: Client, informers: InformerFactory) -> None:
        self.client = client
        self.queue = WorkQueue(clock, self.reconcile, "serviceaccount")
        self.namespaces = informers.informer("namespaces")
        self.service_accounts = informers.informer("serviceaccounts")
        self.namespaces.add_handler(self._on_namespace)
        self.service_accounts.add_handler(self._on_service_account)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_namespace(self, kind: str, ns: Object, old: Object | None) -> None:
        if kind != DELETED:
            self.queue.add(ns["metadata"]["name"])

    def _on_service_account(self, kind: str, sa: Object, old: Object | None) -> None:
        if kind == DELETED and sa["metadata"]["name"] in SERVICE_ACCOUNTS:
            self.queue.add(sa["metadata"]["namespace"])

    def reconcile(self, namespace: str) -> None:
        """syncNamespace: create the missing service accounts of an active namespace."""
        ns = self.namespaces.get(namespace)
        if ns is None or (ns.get("status") or {}).get("phase") != "Active":
            return
        failed = False
        for name in SERVICE_ACCOUNTS:
            if self.service_accounts.get(f"{namespace}/{name}") is not None:
                continue
            body = {"metadata": {"name": name, "namespace": namespace}}
            try:
                self.client.call("create", "serviceaccounts", namespace, body=body)
            except APIError as error:
                if error.code != 409 and not has_status_cause(error, NAMESPACE_TERMINATING_CAUSE):
                    failed = True
        if failed:
            raise Retry
