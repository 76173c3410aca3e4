"""recyclerclient.RecycleVolumeByWatchingPodUntilCompletion: run a volume's recycler pod,
named after the volume, and watch it, and the events about it, until it finishes.

Each event about the pod is passed on (the binder records it on the volume); the pod is
deleted once it has succeeded or failed, and the outcome reported: None, or why it failed.
"""

from __future__ import annotations

from collections.abc import Callable

from cluster.engine.api.meta import Object
from cluster.engine.apiserver.watch import ADDED, DELETED, MODIFIED, Watch
from cluster.engine.client import APIError, Client

Done = Callable[[str | None], None]
Forward = Callable[[str, str], None]  # the event's type and message


class Recycler:
    def __init__(
        self, client: Client, volume_name: str, pod: Object, forward: Forward, done: Done
    ) -> None:
        self.client = client
        self.pod = pod
        self.pod["metadata"]["name"] = f"recycler-for-{volume_name}"
        self.pod["metadata"].pop("generateName", None)
        self.forward = forward
        self.done = done
        self.watches: list[Watch] = []

    @property
    def _name(self) -> tuple[str, str]:
        meta = self.pod["metadata"]
        return meta["namespace"], meta["name"]

    def start(self) -> None:
        """Watch the pod and its events, then create it (an old one of that name is
        deleted, for the next try)."""
        namespace, name = self._name
        try:
            for resource, handler, selector in (
                ("pods", self._on_pod, f"metadata.name={name}"),
                ("events", self._on_event, f"involvedObject.name={name}"),
            ):
                self.watches.append(self.client.watch(resource, handler, namespace, selector))
        except APIError as error:
            self._finish(str(error))
            return
        try:
            self.client.call("create", "pods", namespace, body=self.pod)
        except APIError as error:
            self._finish(self._creation_failure(error))

    def _creation_failure(self, error: APIError) -> str:
        if error.response.body.get("reason") != "AlreadyExists":
            return f"unexpected error creating recycler pod:  {error}"
        try:
            self.client.call("delete", "pods", *self._name)
        except APIError as failure:
            namespace, name = self._name
            return f"failed to delete old recycler pod {namespace}/{name}: {failure}"
        return "old recycler pod found, will retry later"

    def _on_pod(self, kind: str, pod: Object) -> None:
        """waitForPod: until the pod succeeds, fails, or is deleted."""
        if not self.watches:
            return
        status = pod.get("status") or {}
        if kind == DELETED:
            self._finish_and_delete("recycler pod was deleted")
        elif kind in (ADDED, MODIFIED) and status.get("phase") == "Succeeded":
            self._finish_and_delete(None)
        elif kind in (ADDED, MODIFIED) and status.get("phase") == "Failed":
            self._finish_and_delete(
                status.get("message") or "pod failed, pod.Status.Message unknown"
            )

    def _on_event(self, kind: str, event: Object) -> None:
        if self.watches and kind == ADDED:
            self.forward(event.get("type", ""), event.get("message", ""))

    def _finish_and_delete(self, error: str | None) -> None:
        """In every case the pod goes; the pod's failure says more than the deletion's."""
        try:
            self.client.call("delete", "pods", *self._name)
        except APIError as failure:
            if error is None:
                self._finish(f"failed to delete recycler pod: {failure}")
                return
        self._finish(None if error is None else f"failed to recycle volume: {error}")

    def _finish(self, error: str | None) -> None:
        for watch in self.watches:
            self.client.apiserver.stop_watch(watch)
        self.watches = []
        self.done(error)
