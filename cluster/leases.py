"""Which worker hosts which cluster: leases, and the liveness of the workers holding them.

A worker keeps a short-lived liveness key while it runs and deletes it when it stops. A
cluster's lease passes to whoever asks once its holder's liveness key is gone, so a
restarted or crashed worker never strands a cluster behind its private queue.
"""

from __future__ import annotations

import threading

import redis
import redis.asyncio

LEASE_TTL_S = 30
ALIVE_TTL_S = 6
HEARTBEAT_S = 2.0
_ALIVE = "kubelab:worker:"

# Take the lease if it is free, ours, or held by a worker that is no longer alive.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] or redis.call('EXISTS', ARGV[3] .. holder) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return ARGV[1]
end
return holder
"""
# The holder, if its liveness key is still there.
_LIVE_HOLDER = """
local holder = redis.call('GET', KEYS[1])
if holder and redis.call('EXISTS', ARGV[1] .. holder) == 1 then return holder end
return false
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _lease_key(cluster_id: int) -> str:
    return f"kubelab:cluster:{cluster_id}:lease"


def acquire(client: redis.Redis, cluster_id: int, worker: str) -> str:
    """Take or renew the cluster's lease; returns the worker that holds it now."""
    holder = client.eval(_ACQUIRE, 1, _lease_key(cluster_id), worker, LEASE_TTL_S, _ALIVE)
    return holder.decode() if isinstance(holder, bytes) else holder


def release(client: redis.Redis, cluster_id: int, worker: str) -> None:
    client.eval(_RELEASE, 1, _lease_key(cluster_id), worker)


def live_holder(client: redis.Redis, cluster_id: int) -> str | None:
    """The worker holding the cluster, if that worker is still alive (one round trip)."""
    holder = client.eval(_LIVE_HOLDER, 1, _lease_key(cluster_id), _ALIVE)
    return holder.decode() if isinstance(holder, bytes) else holder


async def live_holder_async(client: redis.asyncio.Redis, cluster_id: int) -> str | None:
    """The same, from an event loop."""
    holder = await client.eval(_LIVE_HOLDER, 1, _lease_key(cluster_id), _ALIVE)
    return holder.decode() if isinstance(holder, bytes) else holder


class Heartbeat:
    """Keeps a worker's liveness key fresh from a thread of its own."""

    def __init__(self, client: redis.Redis, worker: str) -> None:
        self.client = client
        self.worker = worker
        self._stopped = threading.Event()

    def start(self) -> None:
        self.client.set(_ALIVE + self.worker, 1, ex=ALIVE_TTL_S)
        threading.Thread(target=self._run, name="kubelab-heartbeat", daemon=True).start()

    def _run(self) -> None:
        while not self._stopped.wait(HEARTBEAT_S):
            self.client.set(_ALIVE + self.worker, 1, ex=ALIVE_TTL_S)

    def stop(self) -> None:
        self._stopped.set()
        self.client.delete(_ALIVE + self.worker)
