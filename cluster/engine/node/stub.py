"""What the C libraries' stub resolvers share: questions sent to a nameserver over UDP as a
process sends them, the virtual time it spends waiting, and what a search came to (the
records found, or h_errno's word for why none)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cluster.engine.dns.message import Answer, Question, Record
from cluster.engine.node.network import Unreachable

# a question to ip:port: its answer, None when refused (Network.ask)
Ask = Callable[[str, int, Question], Answer | None]
PORT = 53
REJECTED = "rejected"  # an ICMP port unreachable came back
SILENT = "silent"  # nothing answers: the resolver waits out its timeout
# h_errno
HOST_NOT_FOUND = "HOST_NOT_FOUND"
TRY_AGAIN = "TRY_AGAIN"
NO_RECOVERY = "NO_RECOVERY"
NO_DATA = "NO_DATA"
ADDRESS_TYPES = ("A", "AAAA")


class Sender:
    """One process's questions to nameservers, and the time it has spent waiting for them."""

    def __init__(self, ask: Ask, port: int = PORT) -> None:
        self.ask = ask
        self.port = port
        self.elapsed_ms = 0

    def send(self, server: str, question: Question) -> Answer | str:
        """The answer, or REJECTED, or SILENT."""
        try:
            answer = self.ask(server, self.port, question)
        except Unreachable:
            return SILENT
        return REJECTED if answer is None else answer

    def wait(self, ms: int) -> None:
        self.elapsed_ms += ms


@dataclass(frozen=True, slots=True)
class Found:
    """A search's outcome: the answer records of the questions that answered, or why none
    did (h_errno)."""

    records: tuple[Record, ...] = ()
    herrno: str = ""

    def addresses(self, qtype: str) -> tuple[str, ...]:
        return tuple(record.data for record in self.records if record.rtype == qtype)


def question(name: str, qtype: str) -> Question:
    """The question for a name as the resolver wrote it, fully qualified."""
    return Question(name.lower().rstrip(".") + ".", qtype)


def joined(name: str, domain: str) -> str:
    """A name with a search domain after it."""
    return f"{name}.{domain}" if domain else name


def bare(name: str) -> str:
    """A name as a record has it, without the root's dot (as the libraries print it)."""
    return name[:-1] if name.endswith(".") and name != "." else name
