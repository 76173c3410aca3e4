"""CoreDNS with kubeadm's Corefile (see dns.addon), as a component that answers questions.

A question goes through the plugins in the order CoreDNS chains them (plugin.cfg), not the
order the Corefile lists them:

- prometheus and errors count and log; they change no answer;
- loadbalance shuffles the addresses of every successful answer written after it;
- cache serves what it keeps, and keeps what is written after it (dns.cache);
- kubernetes answers for cluster.local and the reverse zones (dns.kubernetes);
- loop only answers its own probe at start;
- forward sends the rest to the nameservers of the node's /etc/resolv.conf. KubeLab is
  offline: that resolver cannot be reached, so forward gives up at its deadline and the
  server answers SERVFAIL (no records, not authoritative), as it does for a plugin's error.

health, ready and reload serve HTTP and watch the Corefile; they are not in the chain.
"""

from __future__ import annotations

import random

from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.dns import loadbalance
from cluster.engine.dns.cache import Cache
from cluster.engine.dns.controller import DNSControl
from cluster.engine.dns.kubernetes import Kubernetes
from cluster.engine.dns.message import SERVFAIL, Answer, Question

# what the server writes when forward fails (errorFunc): the rcode alone
FORWARD_FAILED = Answer(SERVFAIL)


class CoreDNS:
    name = "coredns"  # its name in the trace (its watches are hops from it)

    def __init__(
        self,
        clock: Clock,
        client: Client,
        rng: random.Random,
        *,
        local_ips: tuple[str, ...] = (),  # the addresses it listens on (its NS records')
    ) -> None:
        self.clock = clock
        self.rng = rng  # dns.Id, which loadbalance draws its order from
        self.control = DNSControl(clock, client)
        self.kubernetes = Kubernetes(self.control, local_ips, self._handle)
        self.cache = Cache()

    def start(self) -> None:
        """The kubernetes plugin's informers: Services, EndpointSlices and Namespaces."""
        self.control.start()

    def serve(self, question: Question, source_ip: str) -> Answer:
        """The answer to a question a client at `source_ip` sent (no plugin of kubeadm's
        Corefile reads the client's address: autopath would)."""
        return self._handle(question)

    def _handle(self, question: Question) -> Answer:
        """The server's plugin chain; also what the kubernetes plugin asks for a name an
        ExternalName Service aliases outside its zones (the upstream lookup)."""
        now = self.clock.now
        answer = self.cache.get(question, now)
        if answer is None:
            answer = self.kubernetes.serve(question)
            if answer is None:
                return FORWARD_FAILED
            answer = self.cache.write(question, answer, now)
        return loadbalance.shuffle(answer, self.rng)
