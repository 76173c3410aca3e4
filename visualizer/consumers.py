"""The dashboard's websocket: a snapshot, then every hop and object change of one cluster;
kubectl commands travel the other way. The consumer only checks, forwards and relays."""

from __future__ import annotations

import json
import shlex
from typing import Any

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from cluster import selectors, services, tasks
from cluster.publish import group_name

MAX_MESSAGE = 64 * 1024
MAX_COMMAND = 8 * 1024
WATCH_SECONDS = 60


class ClusterConsumer(AsyncJsonWebsocketConsumer):
    cluster: Any = None

    async def connect(self) -> None:
        name = self.scope["url_route"]["kwargs"]["name"]
        user = self.scope.get("user")
        self.cluster = await sync_to_async(selectors.cluster_of)(user, name) if user else None
        if self.cluster is None:
            await self.close(code=4404)  # not yours, or not there: the same answer
            return
        self.group = group_name(self.cluster.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._watch()
        await services.send(tasks.snapshot, self.cluster, self.channel_name)

    async def disconnect(self, code: int) -> None:
        if self.cluster is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await sync_to_async(services.unwatch)(self.cluster, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_MESSAGE:
            await self._error("messages must be JSON text of at most 64 KiB")
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            await self._error("messages must be JSON")
            return
        if not isinstance(message, dict):
            await self._error("messages must be JSON objects")
            return
        await self.receive_json(message)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        kind = content.get("type")
        if kind == "ping":
            await self._watch()
        elif kind == "kubectl":
            await self._kubectl(content.get("id"), content.get("command"))
        else:
            await self._error(f"unknown message type {kind!r}")

    async def _kubectl(self, request_id: Any, command: Any) -> None:
        if not isinstance(command, str) or len(command) > MAX_COMMAND:
            await self._error("a kubectl message needs a command string of at most 8 KiB")
            return
        if not isinstance(request_id, int | str | None):
            request_id = None
        try:
            words = shlex.split(command)
        except ValueError as error:
            await self._result(request_id, "", f"bash: syntax error: {error}\n", 2)
            return
        if not words:
            await self._result(request_id, "", "", 0)
            return
        if words[0] != "kubectl":
            await self._result(request_id, "", f"bash: {words[0]}: command not found\n", 127)
            return
        await services.send(
            tasks.kubectl, self.cluster, words[1:], "", self.channel_name, request_id
        )

    async def _watch(self) -> None:
        await sync_to_async(services.watch)(self.cluster, self.channel_name, WATCH_SECONDS)

    async def _result(self, request_id: Any, stdout: str, stderr: str, code: int) -> None:
        await self.send_json(
            {
                "type": "kubectl.result",
                "id": request_id,
                "stdout": stdout,
                "stderr": stderr,
                "exitCode": code,
            }
        )

    async def _error(self, message: str) -> None:
        await self.send_json({"type": "error", "message": message})

    # -- from the cluster's worker ------------------------------------------------------

    async def cluster_update(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])

    async def cluster_snapshot(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])

    async def kubectl_result(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {k: v for k, v in event.items() if k != "type"} | {"type": "kubectl.result"}
        )
