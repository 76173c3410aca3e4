from cluster.engine.clock import Clock
from cluster.engine.trace import Trace


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
