"""busybox's nc against a fake pod network: networking/nc_bloaty.c's words."""

from __future__ import annotations

from tests.cluster.engine.node.fake_net import ran


def test_z_v_says_the_port_is_open():
    assert ran("nc -zv web 80") == [(0, "stderr", "web (10.96.12.34:80) open"), ("exit", 0, 0)]


def test_a_refusal_is_said_only_with_two_v():
    assert ran("nc -zv web 81") == [("exit", 0, 1)]
    assert ran("nc -zvv web 81") == [
        (0, "stderr", "nc: web (10.96.12.34:81): Connection refused"),
        (0, "stderr", "sent 0, rcvd 0"),
        ("exit", 0, 1),
    ]


def test_w_ends_a_connect_nothing_answers_in_the_c_library_words():
    assert ran("nc -zv -w 2 10.9.9.9 80") == [
        (2000, "stderr", "nc: 10.9.9.9 (10.9.9.9:80): Operation timed out"),
        ("exit", 2000, 1),
    ]
    assert ran("nc -zv 10.9.9.9 80", libc="glibc")[0] == (
        134_000,
        "stderr",
        "nc: 10.9.9.9 (10.9.9.9:80): Connection timed out",
    )


def test_stdin_is_sent_and_the_answer_written_out():
    assert ran("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc web 80") == [
        (0, "stdout", "HTTP/1.1 200 OK\r"),
        (0, "stdout", "\r"),
        (0, "stdout", "hello"),
        ("exit", 0, 0),
    ]
