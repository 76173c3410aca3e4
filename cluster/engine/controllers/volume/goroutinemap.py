"""goroutinemap with exponential back-off on error (pkg/util/goroutinemap): at most one
operation of a name at a time, and, after one failed, none of that name again until its
back-off (half a second, doubling up to 2m2s) has passed."""

from __future__ import annotations

from dataclasses import dataclass, field

from cluster.engine.clock import Clock

INITIAL_DURATION_BEFORE_RETRY_MS = 500
MAX_DURATION_BEFORE_RETRY_MS = 2 * 60_000 + 2_000


class OperationFailed(Exception):
    """An operation ended with an error: its name backs off."""


@dataclass(slots=True)
class _Operation:
    pending: bool = True
    last_error_ms: int = 0
    duration_before_retry_ms: int = 0


@dataclass(slots=True)
class GoRoutineMap:
    clock: Clock
    operations: dict[str, _Operation] = field(default_factory=dict)

    def start(self, name: str) -> bool:
        """Run: False when an operation of that name is pending or backing off."""
        found = self.operations.get(name)
        if found is None:
            self.operations[name] = _Operation()
            return True
        if found.pending:
            return False
        if self.clock.now - found.last_error_ms <= found.duration_before_retry_ms:
            return False
        found.pending = True
        return True

    def finish(self, name: str, failed: bool) -> None:
        """operationComplete: forget a success; a failure doubles the back-off."""
        if not failed:
            self.operations.pop(name, None)
            return
        found = self.operations[name]
        duration = found.duration_before_retry_ms
        found.duration_before_retry_ms = (
            min(2 * duration, MAX_DURATION_BEFORE_RETRY_MS)
            if duration
            else INITIAL_DURATION_BEFORE_RETRY_MS
        )
        found.last_error_ms = self.clock.now
        found.pending = False
