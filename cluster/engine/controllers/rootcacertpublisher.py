"""The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher):
every namespace has a ConfigMap `kube-root-ca.crt` holding the cluster's CA bundle, so pods
can verify kube-apiserver at kubernetes.default.svc; it is made again if deleted, and put
right if changed."""

from __future__ import annotations

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import ADDED, DELETED
from cluster.engine.client import APIError, Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.controller_utils import (
    NAMESPACE_TERMINATING_CAUSE,
    has_status_cause,
)
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.workqueue import Retry, WorkQueue

CONFIG_MAP = "kube-root-ca.crt"  # RootCACertConfigMapName
DESCRIPTION_ANNOTATION = "kubernetes.io/description"
DESCRIPTION = (
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
    "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
    "guaranteed across distributions of Kubernetes clusters."
)


class RootCACertPublisher:
    name = "root-ca-cert-publisher"

    def __init__(
        self, clock: Clock, client: Client, informers: InformerFactory, root_ca: str
    ) -> None:
        self.client = client
        self.data = {"ca.crt": root_ca}
        self.queue = WorkQueue(clock, self.reconcile, "root_ca_cert_publisher")
        self.config_maps = informers.informer("configmaps")
        informers.informer("namespaces").add_handler(self._on_namespace)
        self.config_maps.add_handler(self._on_config_map)

    def start(self) -> None:
        """Nothing of its own: the shared informers feed it."""

    def _on_namespace(self, kind: str, ns: Object, old: Object | None) -> None:
        active = (ns.get("status") or {}).get("phase") == "Active"
        if kind == ADDED or (kind != DELETED and active):
            self.queue.add(ns["metadata"]["name"])

    def _on_config_map(self, kind: str, cm: Object, old: Object | None) -> None:
        if kind != ADDED and cm["metadata"]["name"] == CONFIG_MAP:
            self.queue.add(cm["metadata"]["namespace"])

    def reconcile(self, namespace: str) -> None:
        """syncNamespace: create the ConfigMap, or restore its data and description."""
        cm = self.config_maps.get(f"{namespace}/{CONFIG_MAP}")
        try:
            if cm is None:
                self._create(namespace)
            elif cm.get("data") != self.data or not _described(cm):
                self._update(namespace, cm)
        except APIError as error:
            raise Retry from error

    def _create(self, namespace: str) -> None:
        body = {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": CONFIG_MAP,
                "namespace": namespace,
                "annotations": {DESCRIPTION_ANNOTATION: DESCRIPTION},
            },
            "data": dict(self.data),
        }
        try:
            self.client.call("create", "configmaps", namespace, body=body)
        except APIError as error:
            # the namespace is gone or going: nothing to retry
            if error.code != 404 and not has_status_cause(error, NAMESPACE_TERMINATING_CAUSE):
                raise

    def _update(self, namespace: str, cm: Object) -> None:
        meta = cm["metadata"]
        body = {
            **cm,
            "metadata": {
                **meta,
                "annotations": {
                    **(meta.get("annotations") or {}),
                    DESCRIPTION_ANNOTATION: DESCRIPTION,
                },
            },
            "data": dict(self.data),
        }
        self.client.call("update", "configmaps", namespace, CONFIG_MAP, body=body)


def _described(cm: Object) -> bool:
    return bool((cm["metadata"].get("annotations") or {}).get(DESCRIPTION_ANNOTATION))
