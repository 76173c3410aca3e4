"""kubeadm's credentials for applying its CoreDNS add-on, and CoreDNS's answers in dig's terms."""

from __future__ import annotations

import random
from typing import Any

from cluster.engine.apiserver.authentication import MASTERS, UserInfo
from cluster.engine.client import Client
from cluster.engine.cluster import Cluster
from cluster.engine.dns.coredns import CoreDNS
from cluster.engine.dns.message import Answer, Question

CONTROL_PLANE = ("control-plane", "172.18.0.2")
CLIENT_IP = "10.244.1.2"  # the pod asking


def kubeadm_client(cluster: Cluster) -> Client:
    """kubeadm init's super-admin credentials, which bypass RBAC."""
    user = UserInfo("kubernetes-super-admin", (MASTERS,))
    credential = cluster.apiserver.authenticator.issue_certificate(user)
    return Client(cluster.apiserver, credential, "kubeadm")


def ask(dns: CoreDNS, name: str, qtype: str = "A") -> Answer:
    """The answer to one question, its shuffle drawn afresh so that it is the same
    whatever was asked before."""
    dns.rng = random.Random(0)
    return dns.serve(Question(name, qtype), CLIENT_IP)


def dig(answer: Answer) -> tuple[Any, ...]:
    """The rcode, the aa flag, and each section's records as dig prints them."""
    return (
        answer.rcode,
        answer.authoritative,
        [str(r) for r in answer.answer],
        [str(r) for r in answer.authority],
        [str(r) for r in answer.additional],
    )
