"""A minimal RFC 6455 websocket client over asyncio streams, for the benchmarks only.

It does what the benchmarks need and no more: the opening handshake with extra headers,
masked text frames out, text frames in (reassembling fragments, answering pings), and a
clean close. No extensions, no TLS.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONTINUATION, OP_TEXT, OP_BINARY = 0x0, 0x1, 0x2
OP_CLOSE, OP_PING, OP_PONG = 0x8, 0x9, 0xA


class WebSocketError(Exception):
    """The server refused the handshake or broke the protocol."""


class WebSocket:
    """One client connection; create it with `connect`."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send_text(self, text: str) -> None:
        """Send one masked text frame."""
        self.writer.write(_frame(OP_TEXT, text.encode()))
        await self.writer.drain()

    async def recv_text(self) -> str:
        """The next complete text message; pings are answered on the way."""
        parts: list[bytes] = []
        while True:
            fin, opcode, payload = await self._read_frame()
            if opcode == OP_PING:
                self.writer.write(_frame(OP_PONG, payload))
            elif opcode == OP_CLOSE:
                raise WebSocketError(f"server closed the websocket: {payload[:2].hex()}")
            elif opcode in (OP_TEXT, OP_BINARY, OP_CONTINUATION):
                parts.append(payload)
                if fin:
                    return b"".join(parts).decode()

    async def close(self) -> None:
        """Send a close frame (1000) and drop the connection."""
        try:
            self.writer.write(_frame(OP_CLOSE, struct.pack("!H", 1000)))
            await self.writer.drain()
        except ConnectionError:
            pass
        self.writer.close()

    async def _read_frame(self) -> tuple[bool, int, bytes]:
        head = await self.reader.readexactly(2)
        fin, opcode = bool(head[0] & 0x80), head[0] & 0x0F
        length = head[1] & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
        mask = await self.reader.readexactly(4) if head[1] & 0x80 else b""
        payload = await self.reader.readexactly(length)
        return fin, opcode, _unmask(payload, mask) if mask else payload


def _unmask(data: bytes, mask: bytes) -> bytes:
    """XOR data with the 4-byte mask, whole buffer at once."""
    key = int.from_bytes((mask * (len(data) // 4 + 1))[: len(data)], "big")
    return (int.from_bytes(data, "big") ^ key).to_bytes(len(data), "big")


def _frame(opcode: int, payload: bytes) -> bytes:
    """One final, masked client frame."""
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    mask = os.urandom(4)
    return header + mask + _unmask(payload, mask)


async def connect(host: str, port: int, path: str, headers: dict[str, str]) -> WebSocket:
    """Open a websocket to ws://host:port/path, sending extra handshake headers."""
    reader, writer = await asyncio.open_connection(host, port)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    response = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    _check_handshake(response, key)
    return WebSocket(reader, writer)


def _check_handshake(response: str, key: str) -> None:
    status, *header_lines = response.split("\r\n")
    if " 101 " not in f"{status} ":
        raise WebSocketError(f"handshake refused: {status}")
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in header_lines if line)
    }
    expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    if headers.get("sec-websocket-accept") != expected:
        raise WebSocketError("handshake answered with a wrong Sec-WebSocket-Accept")
