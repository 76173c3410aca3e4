"""A pod network for ping and nc to reach, with what answers where (10.244.1.2 is the pod)."""

from __future__ import annotations

from cluster.engine.node.network import EchoReply, Network, Unreachable
from cluster.engine.node.process import Line, Process
from cluster.engine.node.shell import Context, Shell
from tests.cluster.engine.node.fake_dns import FakeDNS
from tests.cluster.engine.node.test_http_clients import FILES, HOSTS, RESOLV

REPLIES = {"10.244.1.2": EchoReply(64), "10.244.2.7": EchoReply(62, across=True)}
ANSWER = "HTTP/1.1 200 OK\r\n\r\nhello\n"


def echo(ip: str) -> EchoReply | None:
    """The pod answers, and a pod on another node; nothing else (web is a Service)."""
    return REPLIES.get(ip)


def exchange(ip: str, port: int, data: str) -> str | None:
    """web's address answers on port 80 (what it is sent, if anything); 10.9.9.9 is
    routed nowhere."""
    if ip == "10.9.9.9":
        raise Unreachable(ip)
    if (ip, port) == ("10.96.12.34", 80):
        return ANSWER if data else ""
    return None


def ran(script: str, libc: str = "musl", busybox: str = "1.37.0") -> list[tuple]:
    """Each line the script wrote (when, where, what), then when it exited and how."""
    net = Network(
        "10.244.1.2",
        "client",
        hosts=HOSTS,
        query=FakeDNS(),
        resolv_conf=RESOLV,
        libc=libc,
        echo=echo,
        exchange=exchange,
    )
    files = {path: (content,) for path, content in FILES}
    context = Context({}, files, "client", busybox=busybox, network=net)
    process = Shell(context, _no_program).run_script(script)
    return [*map(_shown, process.lines), ("exit", process.exit_ms, process.exit_code)]


def _no_program(argv: list[str], stdin: str, after_ms: int) -> Process | None:
    return None


def _shown(line: Line) -> tuple[int, str, str]:
    return line.at_ms, line.stream, "".join(line.text)
