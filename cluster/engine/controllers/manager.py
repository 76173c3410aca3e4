"""kube-controller-manager: the controllers, each with the manager's identity, fed by one
set of shared informers (one list and watch per resource for all of them)."""

from __future__ import annotations

from cluster.engine.client import Client
from cluster.engine.clock import Clock
from cluster.engine.controllers.clusterroleaggregation import ClusterRoleAggregationController
from cluster.engine.controllers.cronjob.controller import CronJobController
from cluster.engine.controllers.daemonset.controller import DaemonSetsController
from cluster.engine.controllers.deployment.controller import DeploymentController
from cluster.engine.controllers.disruption import DisruptionController
from cluster.engine.controllers.endpoint import EndpointController
from cluster.engine.controllers.endpointslice import EndpointSliceController
from cluster.engine.controllers.endpointslicemirroring.controller import (
    EndpointSliceMirroringController,
)
from cluster.engine.controllers.garbagecollector.garbagecollector import GarbageCollector
from cluster.engine.controllers.informers import InformerFactory
from cluster.engine.controllers.job.controller import JobController
from cluster.engine.controllers.namespace import NamespaceController
from cluster.engine.controllers.nodeipam import NodeIPAMController
from cluster.engine.controllers.nodelifecycle.controller import NodeLifecycleController
from cluster.engine.controllers.podautoscaler.controller import HorizontalController
from cluster.engine.controllers.podgc import PodGCController
from cluster.engine.controllers.replicaset import ReplicaSetController
from cluster.engine.controllers.replication import ReplicationManager
from cluster.engine.controllers.resourcequota import ResourceQuotaController
from cluster.engine.controllers.rootcacertpublisher import RootCACertPublisher
from cluster.engine.controllers.serviceaccounts import ServiceAccountsController
from cluster.engine.controllers.servicecidrs import ServiceCIDRsController
from cluster.engine.controllers.statefulset.controller import StatefulSetController
from cluster.engine.controllers.tainteviction import TaintEvictionController
from cluster.engine.controllers.ttlafterfinished import TTLAfterFinishedController
from cluster.engine.controllers.validatingadmissionpolicystatus import (
    ValidatingAdmissionPolicyStatusController,
)
from cluster.engine.controllers.volume.persistentvolume import PersistentVolumeController
from cluster.engine.controllers.volume.pvcprotection import PVCProtectionController
from cluster.engine.controllers.volume.pvprotection import PVProtectionController

NAME = "kube-controller-manager"
CONTROLLERS = (
    NodeIPAMController,
    NodeLifecycleController,
    TaintEvictionController,
    PodGCController,
    ReplicaSetController,
    ReplicationManager,
    DeploymentController,
    DaemonSetsController,
    StatefulSetController,
    JobController,
    TTLAfterFinishedController,
    CronJobController,
    DisruptionController,
    HorizontalController,
    EndpointController,
    EndpointSliceController,
    EndpointSliceMirroringController,
    GarbageCollector,
    NamespaceController,
    ServiceAccountsController,
    ServiceCIDRsController,
    PersistentVolumeController,
    ClusterRoleAggregationController,
    PVCProtectionController,
    PVProtectionController,
    ResourceQuotaController,
    ValidatingAdmissionPolicyStatusController,
)


class ControllerManager:
    def __init__(self, clock: Clock, client: Client, root_ca: str = "") -> None:
        self.informers = InformerFactory(client)
        controllers = [controller(clock, client, self.informers) for controller in CONTROLLERS]
        # the one controller with a setting of its own: the CA kube-controller-manager is given
        controllers.append(RootCACertPublisher(clock, client, self.informers, root_ca))
        self.controllers = {c.name: c for c in controllers}

    def start(self) -> None:
        for controller in self.controllers.values():
            controller.start()
        self.informers.start()
