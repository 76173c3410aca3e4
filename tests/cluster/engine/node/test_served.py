"""What the requests a server answered cost it: counted one by one and from a repeating loop's
feeds, in the usage window, and capped by the container's CPU limit."""

from cluster.engine.node import usage
from cluster.engine.node.process import Process
from cluster.engine.node.served import Feed, Served


def test_a_feed_counts_its_requests_in_a_window_until_it_ends():
    feed = Feed("client", 1_000, 10)
    assert feed.count(0, 999) == 0
    assert feed.count(0, 1_000) == 1
    assert feed.count(1_000, 11_000) == 1_000
    assert Feed("client", 1_000, 10, until_ms=2_000).count(0, 11_000) == 100


def test_served_requests_count_one_by_one_and_fed_until_the_client_ends():
    served = Served(7)
    served.times.extend((5, 15))
    served.feed(Feed("a", 100, 20), forget_before_ms=0)
    served.feed(Feed("b", 100, 20), forget_before_ms=0)
    served.end("a", 300)
    assert served.count(10, 1_000) == 1 + 10 + 46
    served.feed(Feed("a", 2_000, 20), forget_before_ms=1_000)  # a's old feed is forgotten
    assert [(f.client, f.until_ms) for f in served.feeds] == [("b", None), ("a", None)]


def test_requests_served_cost_cpu_up_to_the_limit():
    idle = usage.IDLE_NANOCORES
    # 100 requests a second at 7 ms each: 700m, of a 500m limit
    serving = usage.container("registry.k8s.io/hpa-example", Process(), 20_000, 0, 500, 0, 7_000)
    assert serving.nanocores == idle + 500_000_000
    light = usage.container("registry.k8s.io/hpa-example", Process(), 20_000, 0, 500, 0, 1_000)
    assert light.nanocores == idle + 100_000_000
