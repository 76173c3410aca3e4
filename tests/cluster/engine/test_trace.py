from cluster.engine.clock import Clock
from cluster.engine.cluster import Cluster
from cluster.engine.trace import BLOCK, KEEP, Trace


def test_hops_are_numbered_and_stamped_with_virtual_time():
    clock = Clock()
    trace = Trace(clock)
    trace.record("kubectl", "authentication", "create", "pods/default/web", "POST ...")
    clock.advance_to(1500)
    trace.record("kubelet/node-1", "container-runtime/node-1", "PullImage", "nginx", "")
    [hop] = trace.since(1)
    assert (hop.seq, hop.time, hop.verb, hop.object) == (2, 1500, "PullImage", "nginx")
    assert trace.since(2) == []


def test_only_the_newest_hops_are_kept_but_numbering_goes_on():
    trace = Trace(Clock(), keep=3)
    for i in range(5):
        trace.record("a", "b", "v", str(i), "")
    assert [h.seq for h in trace.since(0)] == [3, 4, 5]
    assert trace.last_seq == 5


def test_packed_hops_read_back_as_they_were_recorded():
    clock = Clock()
    trace = Trace(clock, keep=7, block=2)
    for i in range(20):
        clock.advance_to(i * 100)
        trace.record("kubelet/node-1", "authentication", "update", f"leases/{i}", f"PUT {i} →")
    assert [h.seq for h in trace.since(0)] == list(range(14, 21))
    assert [h.seq for h in trace.since(15)] == [16, 17, 18, 19, 20]
    hop = trace.since(13)[0]
    assert hop == (14, 1300, "kubelet/node-1", "authentication", "update", "leases/13", "PUT 13 →")
    assert len(trace._hops) < 4  # the rest is packed


def test_a_creation_and_an_idle_hour_keep_only_their_newest_hops_unpacked():
    cluster = Cluster()
    assert len(cluster.trace._hops) < 2 * BLOCK and cluster.trace._packed
    assert [h.seq for h in cluster.trace.since(0)] == list(range(1, cluster.trace.last_seq + 1))
    cluster.advance_to(3_600_000)
    assert len(cluster.trace._hops) < 2 * BLOCK and cluster.trace._packed
    kept = cluster.trace.since(0)
    assert [h.seq for h in kept] == list(range(cluster.trace.last_seq - KEEP + 1, kept[-1].seq + 1))
