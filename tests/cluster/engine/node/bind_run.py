"""Running bind's dig, host and nslookup as the dnsutils image runs them (a shell standing
in for the one command) against a nameserver that answers as kubeadm's CoreDNS does."""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster.engine.dns.message import Answer, Question
from cluster.engine.node.applets import Command
from cluster.engine.node.network import Network, Query
from cluster.engine.node.process import Process, render
from cluster.engine.node.shell import Context, Shell
from tests.cluster.engine.node.fake_dns import DNS, FakeDNS

START = 1_767_225_600_000  # 2026-01-01T00:00:00Z
HOSTS = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.2\tdnsutils\n"
RESOLV = (
    "search default.svc.cluster.local svc.cluster.local cluster.local\n"
    f"nameserver {DNS}\noptions ndots:5\n"
)


@dataclass
class Fixed:
    """A nameserver that gives one answer to every question, and notes them."""

    answer: Answer
    asked: list[Question] = field(default_factory=list)

    def __call__(self, ip: str, port: int, question: Question) -> Answer:
        self.asked.append(question)
        return self.answer


def run(
    command: Command,
    *argv: str,
    dns: Query | None = None,
    resolv: str = RESOLV,
    stdin: str | None = None,
) -> Process:
    files = {"/etc/hosts": (HOSTS,), "/etc/resolv.conf": (resolv,)}
    net = Network("10.244.1.2", "dnsutils", query=dns or FakeDNS(), libc="glibc")
    context = Context({}, files, "dnsutils", START, "gnu", "dash", network=net)
    return Shell(context, lambda argv, stdin: None).run_program(command, list(argv), stdin)


def out(process: Process, stream: str = "stdout") -> str:
    """What the process wrote on a stream, its stamps at the time they were written."""
    return "".join(
        render(line.text, START + line.at_ms) + line.end
        for line in process.lines
        if line.stream == stream
    )
