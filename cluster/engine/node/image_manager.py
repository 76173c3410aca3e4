"""EnsureImageExists (pkg/kubelet/images/image_manager.go): look the image up on the node,
pull it as the pull policy says, with the same events and messages, and back off from
pulls that keep failing (10 s doubling to 5 min per pod and image)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cluster.engine.api.meta import Object
from cluster.engine.clock import Clock
from cluster.engine.events import NORMAL, WARNING, EventRecorder
from cluster.engine.node import durations, reference
from cluster.engine.node.backoff import Backoff
from cluster.engine.node.runtime import ContainerRuntime

ERR_IMAGE_PULL = "ErrImagePull"
IMAGE_PULL_BACKOFF = "ImagePullBackOff"
ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull"
INVALID_IMAGE_NAME = "InvalidImageName"
PULLING = 'Pulling image "{image}"'
PULLED = (
    'Successfully pulled image "{image}" in {took} ({waited} including waiting). '
    "Image size: {size} bytes."
)
PRESENT = 'Container image "{image}" already present on machine and can be accessed by the pod'
NOT_PRESENT = 'Container image "{image}" is not present with pull policy of Never'
FAILED = 'Failed to pull image "{image}": {error}'
UNPARSED = 'Failed to apply default image tag "{image}": couldn\'t parse image reference "{image}": {error}'
BACK_OFF = 'Back-off pulling image "{image}"'

Done = Callable[..., Any]  # done(image_ref, error reason or "", message, *args)


class ImageManager:
    def __init__(
        self,
        clock: Clock,
        runtime: ContainerRuntime,
        recorder: EventRecorder,
        pulled: Callable[[], None],
    ) -> None:
        self.clock = clock
        self.runtime = runtime
        self.recorder = recorder
        self.pulled = pulled  # told when an image has been pulled (the node lists its images)
        self.backoff = Backoff()
        self.last_errors: dict[str, str] = {}  # by back-off key: what the last pull said

    def ensure(self, pod: Object, container: Object, field: str, done: Done, *args: Any) -> None:
        """Make sure the container's image is on the node; calls done(...) when it is (or
        cannot be). `field`: the container's fieldPath in the events."""
        image = container["image"]
        unparsed = reference.parse_normalized_error(image)
        if unparsed:  # applyDefaultImageTag
            message = UNPARSED.format(image=image, error=unparsed)
            self._event(pod, field, WARNING, "InspectFailed", message)
            done("", INVALID_IMAGE_NAME, message, *args)
            return
        policy = container.get("imagePullPolicy", "IfNotPresent")
        ref = self.runtime.image_status(image)
        if ref and policy != "Always":
            self._event(pod, field, NORMAL, "Pulled", PRESENT.format(image=image))
            done(ref, "", "", *args)
            return
        if policy == "Never":
            message = NOT_PRESENT.format(image=image)
            self._event(pod, field, WARNING, ERR_IMAGE_NEVER_PULL, message)
            done("", ERR_IMAGE_NEVER_PULL, message, *args)
            return
        key = f"{pod['metadata']['uid']}_{image}"
        now = self.clock.now
        if self.backoff.in_backoff_since_update(key, now):
            message = BACK_OFF.format(image=image)
            self._event(pod, field, NORMAL, "BackOff", message)
            previous = self.last_errors.get(key)
            done("", IMAGE_PULL_BACKOFF, f"{message}: {previous}" if previous else message, *args)
            return
        self.last_errors.pop(key, None)
        self._event(pod, field, NORMAL, "Pulling", PULLING.format(image=image))
        self.runtime.pull_image(image, self._pulled, pod, field, key, now, done, args)

    def _pulled(
        self,
        error: str | None,
        ref: str,
        size: int,
        pod: Object,
        field: str,
        key: str,
        started: int,
        done: Done,
        args: tuple[Any, ...],
    ) -> None:
        image = key.partition("_")[2]
        if error:
            self._event(pod, field, WARNING, "Failed", FAILED.format(image=image, error=error))
            self.backoff.next(key, self.clock.now, self.clock.now)
            self.last_errors[key] = f"{ERR_IMAGE_PULL}: {error}"
            done("", ERR_IMAGE_PULL, error, *args)
            return
        took = durations.go(self.clock.now - started)
        message = PULLED.format(image=image, took=took, waited=took, size=size)
        self._event(pod, field, NORMAL, "Pulled", message)
        self.pulled()
        done(ref, "", "", *args)

    def _event(self, pod: Object, field: str, kind: str, reason: str, message: str) -> None:
        self.recorder.event(pod, kind, reason, message, field)

    def forget(self, uid: str) -> None:
        self.backoff.forget(uid)
        for key in [k for k in self.last_errors if k.startswith(uid)]:
            del self.last_errors[key]
