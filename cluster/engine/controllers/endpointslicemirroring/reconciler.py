"""The mirroring reconciler (reconciler.go, reconciler_helpers.go): the EndpointSlices an
Endpoints calls for, against those there are, and the writes that make them so.

Each subset of the repacked Endpoints becomes one slice per address type, with at most
maxEndpointsPerSubset of its addresses, ready ones first; the rest are skipped, with a
warning on the Endpoints. A slice for the same address type and ports is updated in place
only when its endpoints, labels, annotations or owner differ; a slice no longer wanted is
recycled for a new one of its address type before it is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster.engine.api.endpoints import repack_subsets
from cluster.engine.api.meta import Object, namespaced_name
from cluster.engine.client import APIError, Client
from cluster.engine.controllers import controller_utils as utils
from cluster.engine.controllers import endpointutil
from cluster.engine.controllers.endpointslicemirroring import utils as mirroring
from cluster.engine.controllers.endpointslicemirroring.utils import AddrTypePortMapKey
from cluster.engine.controllers.endpointutil import EndpointHash, Written
from cluster.engine.events import WARNING, EventRecorder

MAX_ENDPOINTS_PER_SUBSET = 1000  # --mirroring-max-endpoints-per-subset
INVALID_IP_ADDRESS = "InvalidIPAddress"
TOO_MANY_ADDRESSES_TO_MIRROR = "TooManyAddressesToMirror"
INVALID_IP_MESSAGE = "Skipped {} invalid IP addresses when mirroring to EndpointSlices"
TOO_MANY_MESSAGE = (
    "A max of {} addresses can be mirrored to EndpointSlices per Endpoints subset. "
    "{} addresses were skipped"
)

EndpointSet = dict[EndpointHash, Object]  # endpointsliceutil.EndpointSet, in insertion order


@dataclass(slots=True)
class Desired:
    """desiredCalc: the endpoints and ports each slice is to have, and what was skipped."""

    ports_by_key: dict[AddrTypePortMapKey, list[Object]] = field(default_factory=dict)
    endpoints_by_key: dict[AddrTypePortMapKey, EndpointSet] = field(default_factory=dict)
    invalid: int = 0  # addresses that are not IPs
    skipped: int = 0  # addresses not mirrored: not IPs, or past maxEndpointsPerSubset


@dataclass(slots=True)
class SlicesByAction:
    to_create: list[Object] = field(default_factory=list)
    to_update: list[Object] = field(default_factory=list)
    to_delete: list[Object] = field(default_factory=list)

    def extend(self, other: SlicesByAction) -> None:
        self.to_create += other.to_create
        self.to_update += other.to_update
        self.to_delete += other.to_delete


def desired(endpoints: Object, max_per_subset: int) -> Desired:
    """The endpoints of each repacked subset, under its ports, by address type."""
    found = Desired()
    for subset in repack_subsets(endpoints.get("subsets") or []):
        ports = mirroring.endpoint_slice_ports(subset.get("ports") or [])
        keys = {kind: (kind, mirroring.port_map_key(ports)) for kind in mirroring.ADDRESS_TYPES}
        for key in keys.values():
            found.endpoints_by_key.setdefault(key, {})
            found.ports_by_key[key] = ports
        listed = [(a, True) for a in subset.get("addresses") or ()]
        listed += [(a, False) for a in subset.get("notReadyAddresses") or ()]
        added = 0
        for address, ready in listed:
            if added >= max_per_subset:
                break
            converted = mirroring.address_to_endpoint(address, ready)
            if converted is None:
                found.invalid += 1
                continue
            endpoint, address_type = converted
            found.endpoints_by_key[keys[address_type]][endpointutil.endpoint_hash(endpoint)] = (
                endpoint
            )
            added += 1
        found.skipped += len(listed) - added
    return found


def slices_by_action(
    endpoints: Object, existing: list[Object], wanted: Desired, max_per_subset: int
) -> SlicesByAction:
    """reconcile's plan, recycled as finalize recycles it: the slices to create, update and
    delete for the Endpoints to be mirrored by slices of `existing` (ordered by name)."""
    existing_by_key: dict[AddrTypePortMapKey, list[Object]] = {}
    for slice_ in existing:
        existing_by_key.setdefault(mirroring.slice_key(slice_), []).append(slice_)
    slices = SlicesByAction()
    for key, endpoint_set in wanted.endpoints_by_key.items():
        slices.extend(
            _by_port_mapping(
                endpoints,
                existing_by_key.get(key, []),
                endpoint_set,
                wanted.ports_by_key[key],
                key[0],
                max_per_subset,
            )
        )
    for key, unwanted in existing_by_key.items():
        if key not in wanted.endpoints_by_key:
            slices.to_delete += unwanted
    _recycle(slices)
    return slices


def _by_port_mapping(
    endpoints: Object,
    existing: list[Object],
    endpoint_set: EndpointSet,
    ports: list[Object],
    address_type: str,
    max_per_subset: int,
) -> SlicesByAction:
    """reconcileByPortMapping: one slice holds the set; the first existing one is kept,
    and updated unless it already matches; the others go."""
    if not endpoint_set:
        return SlicesByAction(to_delete=list(existing))
    first, others = (existing[0], existing[1:]) if existing else (None, [])
    if first is not None and _matches(endpoints, first, endpoint_set):
        return SlicesByAction(to_delete=others)
    name = first["metadata"]["name"] if first is not None else ""
    new = mirroring.new_endpoint_slice(endpoints, ports, address_type, name)
    new["endpoints"] = list(endpoint_set.values())[:max_per_subset]
    if first is not None:
        return SlicesByAction(to_update=[new], to_delete=others)
    return SlicesByAction(to_create=[new])


def _matches(endpoints: Object, slice_: Object, endpoint_set: EndpointSet) -> bool:
    """No endpoint to add, update or remove (totalChanges), the Endpoints' labels and
    mirrored annotations, and the Endpoints as owner (needRebuildExistingSlices)."""
    meta = endpoints["metadata"]
    matched = 0
    for endpoint in slice_.get("endpoints") or ():
        wanted = endpoint_set.get(endpointutil.endpoint_hash(endpoint))
        if wanted is None or not endpointutil.endpoints_equal_beyond_hash(wanted, endpoint):
            return False
        matched += 1
    if matched != len(endpoint_set):
        return False
    if (meta.get("labels") or {}) != mirroring.mirrored_labels(slice_):
        return False
    if mirroring.mirrored_annotations(endpoints) != (slice_["metadata"].get("annotations") or {}):
        return False
    return not any(
        ref.get("kind") == "Endpoints"
        and ref.get("name") == meta["name"]
        and ref.get("uid") != meta.get("uid")
        for ref in slice_["metadata"].get("ownerReferences") or ()
    )


def _recycle(slices: SlicesByAction) -> None:
    """recycleSlices: a slice to create takes the name of one of its address type that was
    to be deleted, and is an update of it instead."""
    for address_type in mirroring.ADDRESS_TYPES:
        creates = [s for s in slices.to_create if s["addressType"] == address_type]
        deletes = [s for s in slices.to_delete if s["addressType"] == address_type]
        for new, old in zip(creates, deletes, strict=False):
            slices.to_create.remove(new)
            slices.to_delete.remove(old)
            meta = new["metadata"]
            new["metadata"] = {"name": old["metadata"]["name"], **meta}
            slices.to_update.append(new)


class Reconciler:
    """Writes the slices the plan calls for, as the controller's client, and keeps its
    writes in `written` until the informer shows them."""

    def __init__(
        self,
        client: Client,
        recorder: EventRecorder,
        written: Written,
        max_per_subset: int = MAX_ENDPOINTS_PER_SUBSET,
    ) -> None:
        self.client = client
        self.recorder = recorder
        self.written = written
        self.max_per_subset = max_per_subset

    def reconcile(self, endpoints: Object, existing: list[Object]) -> None:
        """reconcile: warn of what is not mirrored, then create, update and delete. A
        failed write raises APIError."""
        wanted = desired(endpoints, self.max_per_subset)
        if wanted.invalid:
            message = INVALID_IP_MESSAGE.format(wanted.invalid)
            self.recorder.event(endpoints, WARNING, INVALID_IP_ADDRESS, message)
        if wanted.skipped > wanted.invalid:
            message = TOO_MANY_MESSAGE.format(self.max_per_subset, wanted.skipped)
            self.recorder.event(endpoints, WARNING, TOO_MANY_ADDRESSES_TO_MIRROR, message)
        self._finalize(
            endpoints, slices_by_action(endpoints, existing, wanted, self.max_per_subset)
        )

    def _finalize(self, endpoints: Object, slices: SlicesByAction) -> None:
        """finalize: creates (none for Endpoints being deleted), updates, deletes."""
        namespace = endpoints["metadata"]["namespace"]
        if not endpoints["metadata"].get("deletionTimestamp"):
            for slice_ in slices.to_create:
                try:
                    self._write("create", namespace, slice_)
                except APIError as error:
                    # a terminating namespace refuses every create: drop the Endpoints
                    if utils.has_status_cause(error, utils.NAMESPACE_TERMINATING_CAUSE):
                        return
                    raise
        for slice_ in slices.to_update:
            self._write("update", namespace, slice_)
        for slice_ in slices.to_delete:
            self._write("delete", namespace, slice_)

    def delete_endpoints(self, namespace: str, slices: list[Object]) -> None:
        """deleteEndpoints: delete every slice; the first failure is raised after trying
        them all."""
        failures = []
        for slice_ in slices:
            try:
                self._write("delete", namespace, slice_)
            except APIError as error:
                failures.append(error)
        if failures:
            raise failures[0]

    def _write(self, verb: str, namespace: str, body: Object) -> None:
        name = body["metadata"].get("name", "")
        options = {} if verb == "delete" else {"body": body}
        try:
            written = self.client.call(verb, "endpointslices", namespace, name, **options)
        except APIError:
            self.written.forget(f"{namespace}/{name}")
            raise
        if verb == "delete":
            self.written.wrote(f"{namespace}/{name}", None)
        else:
            self.written.wrote(namespaced_name(written), written)
