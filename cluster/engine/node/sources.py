"""Where the kubelet gets what a pod's variables and volumes name: its ConfigMap and Secret
managers, with their Watch strategy (the first pod that names an object has the kubelet list
and watch that one object, and every later read comes from its cache; a change is told to the
kubelet, which rewrites the files of the volumes made of it; once no pod of the node names it,
the watch stops, as UnregisterPod stops an object's reflector), and its token manager (a token
bound to the pod, asked of kube-apiserver with a TokenRequest, once per audience)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from cluster.engine.api.meta import Object
from cluster.engine.apiserver import tokenrequest
from cluster.engine.apiserver.watch import ADDED
from cluster.engine.client import APIError, Client, Informer
from cluster.engine.node import envvars, volumes
from cluster.engine.node.podstate import PodWorker

Changed = Callable[[str, str, str], None]  # a watched object changed: resource, namespace, name


class PodSources:
    def __init__(self, client: Client, changed: Changed) -> None:
        self.client = client
        self.changed = changed
        # each ConfigMap and Secret a pod named, watched: (resource, namespace, name)
        self._watched: dict[tuple[str, str, str], Informer] = {}
        # the pods that named each of them, by key
        self._readers: dict[tuple[str, str, str], set[str]] = {}

    def of(self, worker: PodWorker) -> volumes.Sources:
        """What one pod's variables and volumes read."""
        namespace = worker.pod["metadata"]["namespace"]
        return volumes.Sources(
            self.lookup(worker.key, namespace), lambda projection: self.token(worker, projection)
        )

    def lookup(self, reader: str, namespace: str) -> envvars.Lookup:
        """Reads of the namespace's ConfigMaps and Secrets by pod `reader` (envvars.EnvVarError
        when kube-apiserver refuses the watch)."""

        def read(resource: str, name: str) -> Object | None:
            watched = self._watched.get((resource, namespace, name))
            if watched is None:
                watched = Informer(
                    self.client,
                    resource,
                    partial(self._changed, resource, namespace, name),
                    namespace=namespace,
                    field_selector=f"metadata.name={name}",
                )
                try:
                    watched.start()
                except APIError as error:
                    raise envvars.EnvVarError(str(error)) from None
                self._watched[resource, namespace, name] = watched
            self._readers.setdefault((resource, namespace, name), set()).add(reader)
            return watched.get(f"{namespace}/{name}")

        return read

    def unregister(self, reader: str) -> None:
        """Pod `reader` is gone from the node: stop watching what no other pod names."""
        for source in [source for source, pods in self._readers.items() if reader in pods]:
            pods = self._readers[source]
            pods.discard(reader)
            if not pods:
                del self._readers[source]
                self._watched.pop(source).stop()

    def _changed(
        self, resource: str, namespace: str, name: str, kind: str, obj: Object, old: Object | None
    ) -> None:
        """A watched ConfigMap or Secret changed (its first listing is no change)."""
        if old is not None or kind != ADDED:
            self.changed(resource, namespace, name)

    def token(self, worker: PodWorker, projection: Object) -> str:
        """The token of a serviceAccountToken projection, bound to the pod."""
        audience = projection.get("audience", "")
        if audience not in worker.tokens:
            worker.tokens[audience] = self._request_token(worker, projection, audience)
        return worker.tokens[audience]

    def _request_token(self, worker: PodWorker, projection: Object, audience: str) -> str:
        pod = worker.pod
        spec: Object = {
            "expirationSeconds": projection.get(
                "expirationSeconds", tokenrequest.WARN_ONLY_SECONDS
            ),
            "boundObjectRef": {
                "apiVersion": "v1",
                "kind": "Pod",
                "name": pod["metadata"]["name"],
                "uid": worker.uid,
            },
        }
        if audience:
            spec["audiences"] = [audience]
        body = {"apiVersion": tokenrequest.API_VERSION, "kind": tokenrequest.KIND, "spec": spec}
        account = pod["spec"].get("serviceAccountName", "default")
        namespace = pod["metadata"]["namespace"]
        response = self.client.request(
            "create", "serviceaccounts", namespace, account, subresource="token", body=body
        )
        if not response.ok:
            message = response.body.get("message", "")
            raise envvars.EnvVarError(f"failed to fetch token: {message}")
        return response.body["status"]["token"]
