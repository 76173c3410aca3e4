"""`kubectl port-forward` over a websocket: GET .../pods/<name>/portforward with the protocol
`SPDY/3.1+portforward.k8s.io`, a tunnel of SPDY frames (cluster/kubeapi/spdy.py).

Opening the tunnel is the request kube-apiserver judges (authentication, RBAC's `create
pods/portforward`, the pod and its node); one refused closes the websocket unopened, and
kubectl, falling back to an SPDY upgrade over HTTP, gets the refusal's Status from there.
Then kubectl opens two streams for each local connection, with headers `streamType` (error,
then data), `port` and `requestID`. What the local client sends on the data stream goes to
the pod, one HTTP request (or redis command) at a time, each its own input of the engine
(journaled, traced, on the dashboard): the kubelet of the pod's node connects to the port
from inside the pod, and the answer comes back on the stream. A port nothing listens on gets the runtime's
message on the error stream, which kubectl prints before it drops the connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from channels.generic.websocket import AsyncWebsocketConsumer

from cluster.kubeapi import podstreams, spdy

PROTOCOL = "SPDY/3.1+portforward.k8s.io"
ERROR, DATA = "error", "data"
MAX_REQUEST = 64 * 1024  # what one HTTP request on a connection may hold: it is journaled


@dataclass(slots=True)
class Connection:
    """A local connection kubectl forwards: its pair of streams, and what arrived."""

    port: int
    error_stream: int = 0
    data_stream: int = 0
    received: bytearray = field(default_factory=bytearray)
    closed: bool = False
    db: int = 0  # the database a redis client on it selected


class PortForwardConsumer(AsyncWebsocketConsumer):
    caller: podstreams.Caller | None = None

    async def connect(self) -> None:
        route = self.scope["url_route"]["kwargs"]
        self.namespace, self.pod = route["namespace"], route["pod"]
        self.caller = await podstreams.Caller.of(self.scope)
        if self.caller is None or PROTOCOL not in self.scope.get("subprotocols", []):
            await self.close()
            return
        opened = await self.caller.ask("create", self.namespace, self.pod, "portforward", {})
        if opened["code"] != 200:
            await self.close()
            return
        await self.accept(PROTOCOL)
        self.session = spdy.Session()
        self.connections: dict[str, Connection] = {}  # by requestID
        self.streams: dict[int, Connection] = {}  # by data stream id

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            frames = self.session.feed(bytes_data or b"")
        except spdy.ProtocolError:
            await self.close()
            return
        for frame in frames:
            await self._frame(frame)

    async def _frame(self, frame: spdy.Frame) -> None:
        if frame.type == spdy.SYN_STREAM:
            await self._open(frame)
        elif frame.type == spdy.DATA:
            await self._data(frame)
        elif frame.type == spdy.PING:
            await self.send(bytes_data=self.session.ping(frame.stream_id))
        elif frame.type == spdy.GOAWAY:
            await self.close()
        # RST_STREAM, SETTINGS, WINDOW_UPDATE: answers are far below a stream's window

    async def _open(self, frame: spdy.Frame) -> None:
        """A stream of a connection: accepted, and paired with its connection's other."""
        headers = frame.headers
        await self.send(bytes_data=self.session.syn_reply(frame.stream_id))
        port = headers.get("port", "")
        connection = self.connections.setdefault(
            headers.get("requestid", ""), Connection(int(port) if port.isdigit() else 0)
        )
        if headers.get("streamtype") == ERROR:
            connection.error_stream = frame.stream_id
        elif headers.get("streamtype") == DATA:
            connection.data_stream = frame.stream_id
            self.streams[frame.stream_id] = connection

    async def _data(self, frame: spdy.Frame) -> None:
        """What the local client sent: each complete HTTP request goes to the pod; the
        client's end of it closes the connection."""
        connection = self.streams.get(frame.stream_id)
        if connection is None or connection.closed:
            return
        connection.received += frame.data
        try:
            while not connection.closed and await self._next(connection):
                pass
        except ValueError:  # not the protocol it began to speak: the server hangs up
            await self._close(connection)
            return
        if len(connection.received) > MAX_REQUEST:
            await self._fail(connection, "the request is larger than 64 KiB")
        elif frame.fin:
            await self._close(connection)

    async def _next(self, connection: Connection) -> bool:
        """Forward the next complete request received (a redis command when it begins as
        one, else HTTP); False while it is incomplete."""
        received = connection.received
        if received[:1] == b"*":
            found = resp_command(received)
            if found is None:
                return False
            argv, size = found
            del received[:size]
            await self._forward_redis(connection, argv)
            return True
        request = _request(received)
        if request is None:
            return False
        del received[: len(request)]
        await self._forward(connection, request)
        return True

    async def _forward_redis(self, connection: Connection, argv: list[str]) -> None:
        """One redis command to the pod's port, on the database the connection selected."""
        assert self.caller is not None
        body = {"port": connection.port, "redis": argv, "db": connection.db}
        reply = await self.caller.ask("create", self.namespace, self.pod, "portforward", body)
        if reply["code"] != 200:
            await self._fail(connection, reply["body"].get("message", ""))
            return
        answer = reply["body"]
        if not answer["data"]:  # the server there speaks no RESP: it closes the connection
            await self._close(connection)
            return
        connection.db = answer["db"]
        data = answer["data"].encode()
        await self.send(bytes_data=self.session.data(connection.data_stream, data))

    async def _forward(self, connection: Connection, request: bytes) -> None:
        """One request to the pod's port; its answer, or the refusal on the error stream."""
        assert self.caller is not None
        body = {"port": connection.port, "data": request.decode("latin-1")}
        reply = await self.caller.ask("create", self.namespace, self.pod, "portforward", body)
        if reply["code"] != 200:
            await self._fail(connection, reply["body"].get("message", ""))
            return
        answer = reply["body"]["data"].encode("latin-1")
        if not answer:  # a server that does not speak HTTP: the connection just closes
            await self._close(connection)
            return
        await self.send(bytes_data=self.session.data(connection.data_stream, answer))

    async def _fail(self, connection: Connection, message: str) -> None:
        """The kubelet's error, as kubectl reads it off the error stream."""
        if connection.error_stream and not connection.closed:
            payload = message.encode()
            await self.send(bytes_data=self.session.data(connection.error_stream, payload))
        await self._close(connection)

    async def _close(self, connection: Connection) -> None:
        """The server's end of both streams: kubectl then closes the local connection."""
        if connection.closed:
            return
        connection.closed = True
        for stream in (connection.data_stream, connection.error_stream):
            if stream:
                await self.send(bytes_data=self.session.data(stream, b"", fin=True))


def _request(received: bytearray) -> bytes | None:
    """The first complete HTTP request received (its head, and a body of Content-Length),
    or None while it is incomplete."""
    end = received.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = bytes(received[:end]).decode("latin-1")
    length = next(
        (
            int(value)
            for name, _, value in (line.partition(":") for line in head.split("\r\n")[1:])
            if name.strip().lower() == "content-length" and value.strip().isdigit()
        ),
        0,
    )
    total = end + 4 + length
    return bytes(received[:total]) if len(received) >= total else None


def resp_command(received: bytearray) -> tuple[list[str], int] | None:
    """The first complete redis command received (RESP: an array of bulk strings) and how
    many bytes it took; None while it is incomplete (ValueError: it is not RESP)."""
    end = received.find(b"\r\n")
    if end < 0:
        return None
    count, at, argv = int(received[1:end]), end + 2, []
    for _ in range(count):
        end = received.find(b"\r\n", at)
        if end < 0:
            return None
        if received[at : at + 1] != b"$":
            raise ValueError("a command's words are bulk strings")
        size = int(received[at + 1 : end])
        start = end + 2
        if len(received) < start + size + 2:
            return None
        argv.append(bytes(received[start : start + size]).decode(errors="replace"))
        at = start + size + 2
    return argv, at
