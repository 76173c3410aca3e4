"""What a forwarded connection carries is read a request at a time: redis commands as RESP
frames them."""

import pytest

from cluster.kubeapi.portforward import resp_command


def test_a_redis_command_is_an_array_of_bulk_strings():
    received = bytearray(b"*2\r\n$3\r\nGET\r\n$4\r\nx\r\ny\r\n*1\r\n$4\r\nPING\r\n")
    assert resp_command(received) == (["GET", "x\r\ny"], 23)
    assert resp_command(received[23:]) == (["PING"], 14)


@pytest.mark.parametrize("partial", [b"*2\r\n$3\r\nGET\r\n", b"*1", b"*1\r\n$4\r\nPI"])
def test_a_command_not_all_received_waits_for_the_rest(partial):
    assert resp_command(bytearray(partial)) is None


@pytest.mark.parametrize("garbage", [b"*x\r\n", b"*1\r\n:4\r\n", b"*1\r\n$z\r\nPING\r\n"])
def test_what_is_not_resp_is_refused(garbage):
    with pytest.raises(ValueError):
        resp_command(bytearray(garbage))
