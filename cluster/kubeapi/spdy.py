"""SPDY/3.1 framing, the server's side: what kube-apiserver's port forwarding speaks inside
the `SPDY/3.1+portforward.k8s.io` websocket tunnel (k8s.io/apimachinery's httpstream/spdy,
over moby/spdystream). The client opens every stream; the server replies, answers pings and
writes data.

A frame is an 8-byte header and its payload. A control frame's header is the control bit
with the version (3), its type, flags and the payload's length (24 bits); a data frame's is
its stream id, flags and length. Header blocks are compressed with zlib, one stream a
direction for the whole session, with SPDY's preset dictionary.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

from spdy.dictionary import zdict as DICTIONARY

VERSION = 3
DATA = 0  # a data frame (control frames have types from 1)
SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS = 1, 2, 3, 4
PING, GOAWAY, HEADERS, WINDOW_UPDATE = 6, 7, 8, 9
FLAG_FIN = 0x01
CANCEL = 5  # RST_STREAM's status: the stream is no longer needed
HEADER = struct.Struct(">HHI")  # control bit and version, type, flags and length
STREAM_ID = 0x7FFFFFFF
MAX_FRAME = 0xFFFFFF  # a frame's payload is at most 2^24 - 1 bytes


class ProtocolError(Exception):
    """The client sent what SPDY/3.1 does not allow."""


@dataclass(frozen=True, slots=True)
class Frame:
    type: int  # DATA for a data frame, else the control frame's type
    stream_id: int  # for PING, the ping's id
    flags: int
    data: bytes = b""  # a data frame's payload
    headers: dict[str, str] = field(default_factory=dict)  # SYN_STREAM's, names lowercase

    @property
    def fin(self) -> bool:
        """The sender writes nothing more on the stream."""
        return bool(self.flags & FLAG_FIN)


class Session:
    """One SPDY session: reads the client's frames from what it sends, in whatever pieces,
    and writes the server's."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._inflate = zlib.decompressobj(zdict=DICTIONARY)
        self._deflate = zlib.compressobj(zdict=DICTIONARY)

    def feed(self, data: bytes) -> list[Frame]:
        """The frames `data` completes."""
        self._buffer += data
        frames = []
        while len(self._buffer) >= HEADER.size:
            first, second, flags_length = HEADER.unpack_from(self._buffer)
            length = flags_length & MAX_FRAME
            if len(self._buffer) < HEADER.size + length:
                break
            payload = bytes(self._buffer[HEADER.size : HEADER.size + length])
            del self._buffer[: HEADER.size + length]
            flags = flags_length >> 24
            if first & 0x8000:
                frames.append(self._control(first & 0x7FFF, second, flags, payload))
            else:
                frames.append(Frame(DATA, (first << 16 | second) & STREAM_ID, flags, payload))
        return frames

    def _control(self, version: int, kind: int, flags: int, payload: bytes) -> Frame:
        if version != VERSION:
            raise ProtocolError(f"unsupported SPDY version {version}")
        if kind in (SYN_STREAM, SYN_REPLY, RST_STREAM, PING, HEADERS, WINDOW_UPDATE):
            if len(payload) < 4:
                raise ProtocolError(f"control frame {kind} is too short")
            stream_id = struct.unpack_from(">I", payload)[0] & STREAM_ID
        else:
            stream_id = 0
        headers = self._headers(payload[10:]) if kind == SYN_STREAM else {}
        return Frame(kind, stream_id, flags, headers=headers)

    def _headers(self, block: bytes) -> dict[str, str]:
        """A header block: the number of pairs, then each name and value with its length."""
        try:
            data = self._inflate.decompress(block)
        except zlib.error as error:
            raise ProtocolError(f"bad header block: {error}") from None
        headers, offset = {}, 4
        for _ in range(_uint32(data, 0)):
            name, offset = _string(data, offset)
            value, offset = _string(data, offset)
            headers[name.lower()] = value
        return headers

    # -- what the server writes ----------------------------------------------------------

    def syn_reply(self, stream_id: int) -> bytes:
        """The stream is accepted (with no headers)."""
        block = self._deflate.compress(struct.pack(">I", 0))
        block += self._deflate.flush(zlib.Z_SYNC_FLUSH)
        return _control(SYN_REPLY, 0, struct.pack(">I", stream_id) + block)

    @staticmethod
    def data(stream_id: int, payload: bytes, fin: bool = False) -> bytes:
        """`payload` on the stream, in frames of at most 2^24 - 1 bytes; `fin` closes the
        server's side of it."""
        chunks = [payload[i : i + MAX_FRAME] for i in range(0, len(payload), MAX_FRAME)]
        chunks = chunks or [b""]
        frames = b""
        for index, chunk in enumerate(chunks):
            flags = FLAG_FIN if fin and index == len(chunks) - 1 else 0
            frames += struct.pack(">II", stream_id, flags << 24 | len(chunk)) + chunk
        return frames

    @staticmethod
    def ping(ping_id: int) -> bytes:
        """The answer to the client's ping: the same id back."""
        return _control(PING, 0, struct.pack(">I", ping_id))

    @staticmethod
    def rst_stream(stream_id: int, status: int = CANCEL) -> bytes:
        return _control(RST_STREAM, 0, struct.pack(">II", stream_id, status))


def _control(kind: int, flags: int, payload: bytes) -> bytes:
    return HEADER.pack(0x8000 | VERSION, kind, flags << 24 | len(payload)) + payload


def _uint32(data: bytes, offset: int) -> int:
    if len(data) < offset + 4:
        raise ProtocolError("truncated header block")
    return int(struct.unpack_from(">I", data, offset)[0])


def _string(data: bytes, offset: int) -> tuple[str, int]:
    length = _uint32(data, offset)
    start = offset + 4
    if len(data) < start + length:
        raise ProtocolError("truncated header block")
    return data[start : start + length].decode("latin-1"), start + length
