"""kube-controller-manager: starts each controller with the manager's identity."""

from __future__ import annotations

from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.nodeipam import NodeIPAMController

NAME = "kube-controller-manager"


class ControllerManager:
    def __init__(self, clock: Clock, client: Client) -> None:
        self.controllers = {c.name: c for c in (NodeIPAMController(clock, client),)}

    def start(self) -> None:
        for controller in self.controllers.values():
            controller.start()
