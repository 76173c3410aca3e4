"""SPDY/3.1 framing: the client's frames read in whatever pieces they come, and the server's
written as a SPDY client (moby/spdystream) reads them."""

import struct
import zlib

import pytest

from cluster.kubeapi import spdy


class Client:
    """The client's side of a session, as spdystream writes and reads frames."""

    def __init__(self):
        self.deflate = zlib.compressobj(zdict=spdy.DICTIONARY)
        self.inflate = zlib.decompressobj(zdict=spdy.DICTIONARY)

    def syn_stream(self, stream_id, headers, fin=False):
        block = struct.pack(">I", len(headers))
        for name, value in headers.items():
            for text in (name, value):
                block += struct.pack(">I", len(text)) + text.encode()
        compressed = self.deflate.compress(block) + self.deflate.flush(zlib.Z_SYNC_FLUSH)
        payload = struct.pack(">IIBB", stream_id, 0, 0, 0) + compressed
        return control(spdy.SYN_STREAM, int(fin), payload)

    def reply_headers(self, frame):
        """The header block of a SYN_REPLY the server wrote, decompressed."""
        return self.inflate.decompress(frame[12:])


def control(kind, flags, payload):
    return struct.pack(">HHI", 0x8003, kind, flags << 24 | len(payload)) + payload


def data(stream_id, payload, flags=0):
    return struct.pack(">II", stream_id, flags << 24 | len(payload)) + payload


def test_streams_are_read_with_their_headers_whatever_the_pieces():
    client, session = Client(), spdy.Session()
    sent = client.syn_stream(1, {"streamType": "error", "port": "80", "requestID": "0"})
    sent += client.syn_stream(3, {"streamType": "data", "port": "80", "requestID": "0"})
    sent += data(3, b"GET / HTTP/1.1\r\n\r\n", flags=spdy.FLAG_FIN)
    frames = [frame for i in range(0, len(sent), 7) for frame in session.feed(sent[i : i + 7])]
    assert [(f.type, f.stream_id) for f in frames] == [
        (spdy.SYN_STREAM, 1),
        (spdy.SYN_STREAM, 3),
        (spdy.DATA, 3),
    ]
    assert frames[0].headers == {"streamtype": "error", "port": "80", "requestid": "0"}
    assert frames[1].headers["streamtype"] == "data"
    assert (frames[2].data, frames[2].fin) == (b"GET / HTTP/1.1\r\n\r\n", True)


def test_a_reply_carries_an_empty_header_block_the_client_can_read():
    client, session = Client(), spdy.Session()
    for stream_id in (1, 3):  # one compression stream for the whole session
        reply = session.syn_reply(stream_id)
        assert reply[:4] == bytes([0x80, 0x03, 0x00, spdy.SYN_REPLY])
        assert struct.unpack(">I", reply[8:12])[0] == stream_id
        assert client.reply_headers(reply) == struct.pack(">I", 0)


def test_data_is_framed_and_the_last_frame_closes_the_stream():
    assert spdy.Session.data(3, b"hello") == data(3, b"hello")
    assert spdy.Session.data(3, b"", fin=True) == data(3, b"", flags=spdy.FLAG_FIN)
    big = bytes(spdy.MAX_FRAME + 1)
    frames = spdy.Session().feed(spdy.Session.data(5, big, fin=True))
    assert [(len(f.data), f.fin) for f in frames] == [(spdy.MAX_FRAME, False), (1, True)]


def test_a_ping_is_answered_with_its_id():
    session = spdy.Session()
    (ping,) = session.feed(control(spdy.PING, 0, struct.pack(">I", 7)))
    assert (ping.type, ping.stream_id) == (spdy.PING, 7)
    assert session.ping(7) == control(spdy.PING, 0, struct.pack(">I", 7))


@pytest.mark.parametrize(
    "sent",
    [
        struct.pack(">HHI", 0x8002, spdy.PING, 4) + bytes(4),  # SPDY/2
        control(spdy.SYN_STREAM, 0, struct.pack(">IIBB", 1, 0, 0, 0) + b"not zlib"),
        control(spdy.RST_STREAM, 0, b"\x00"),
    ],
)
def test_what_spdy_3_does_not_allow_is_a_protocol_error(sent):
    with pytest.raises(spdy.ProtocolError):
        spdy.Session().feed(sent)
