"""busybox's ping against a fake pod network: its lines as networking/ping.c prints them."""

from __future__ import annotations

from tests.cluster.engine.node.fake_net import ran


def test_ping_counts_its_replies_one_a_second():
    assert ran("ping -c 3 localhost") == [
        (0, "stdout", "PING localhost (127.0.0.1): 56 data bytes"),
        (0, "stdout", "64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.053 ms"),
        (1000, "stdout", "64 bytes from 127.0.0.1: seq=1 ttl=64 time=0.047 ms"),
        (2000, "stdout", "64 bytes from 127.0.0.1: seq=2 ttl=64 time=0.045 ms"),
        (2000, "stdout", ""),
        (2000, "stdout", "--- localhost ping statistics ---"),
        (2000, "stdout", "3 packets transmitted, 3 packets received, 0% packet loss"),
        (2000, "stdout", "round-trip min/avg/max = 0.045/0.048/0.053 ms"),
        ("exit", 2000, 0),
    ]


def test_a_pod_on_another_node_answers_two_routers_away_in_a_fraction_of_a_ms():
    assert ran("ping -c 2 10.244.2.7")[1:3] == [
        (0, "stdout", "64 bytes from 10.244.2.7: seq=0 ttl=62 time=0.316 ms"),
        (1000, "stdout", "64 bytes from 10.244.2.7: seq=1 ttl=62 time=0.364 ms"),
    ]


def test_a_service_address_answers_no_echo_and_ping_waits_out_w_after_its_last():
    assert ran("ping -c 2 web") == [
        (0, "stdout", "PING web (10.96.12.34): 56 data bytes"),
        (11000, "stdout", ""),
        (11000, "stdout", "--- web ping statistics ---"),
        (11000, "stdout", "2 packets transmitted, 0 packets received, 100% packet loss"),
        ("exit", 11000, 1),
    ]


def test_a_deadline_stops_the_sending_and_q_keeps_only_the_summary():
    assert ran("ping -w 3 -q 10.244.1.2")[1:] == [
        (3000, "stdout", ""),
        (3000, "stdout", "--- 10.244.1.2 ping statistics ---"),
        (3000, "stdout", "3 packets transmitted, 3 packets received, 0% packet loss"),
        (3000, "stdout", "round-trip min/avg/max = 0.049/0.055/0.059 ms"),
        ("exit", 3000, 0),
    ]


def test_data_too_small_for_a_stamp_gives_no_times():
    assert ran("ping -c 1 -s 2 10.244.1.2")[1:] == [
        (0, "stdout", "10 bytes from 10.244.1.2: seq=0 ttl=64"),
        (0, "stdout", ""),
        (0, "stdout", "--- 10.244.1.2 ping statistics ---"),
        (0, "stdout", "1 packets transmitted, 1 packets received, 0% packet loss"),
        ("exit", 0, 0),
    ]


def test_a_ttl_spent_on_the_way_gets_no_reply():
    assert ran("ping -c 1 -W 1 -t 2 10.244.2.7")[-2] == (
        1000,
        "stdout",
        "1 packets transmitted, 0 packets received, 100% packet loss",
    )


def test_a_name_nobody_has_is_a_bad_address():
    assert ran("ping -c 2 nosuch") == [
        (5000, "stderr", "ping: bad address 'nosuch'"),
        ("exit", 5000, 1),
    ]
