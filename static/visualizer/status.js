// Maps what kubectl would print in STATUS to one of five colour tones.

const TONES = new Map([
  ["Pending", "pending"],
  ["ContainerCreating", "pending"],
  ["PodInitializing", "pending"],
  ["Running", "running"],
  ["Terminating", "terminating"],
  ["Completed", "completed"],
  ["Succeeded", "completed"],
]);

// Statuses are open-ended (kubelet reasons such as OOMKilled or
// CreateContainerConfigError), so failures are recognised by shape.
const FAILURE = /Err|Error|BackOff|Fail|Invalid|Killed|Unknown|Evicted/;

export function statusTone(status) {
  if (TONES.has(status)) return TONES.get(status);
  // Anything else (Init:0/1, ContainerCreating variants) is still on its way up.
  return status && FAILURE.test(status) ? "error" : "pending";
}

export function containerTone(container) {
  // an ephemeral container is never ready: running is all it can be
  if (container.state === "running") return container.ready || container.ephemeral ? "running" : "pending";
  if (container.state === "terminated") {
    return container.reason === "Completed" ? "completed" : container.reason ? statusTone(container.reason) : "terminating";
  }
  return statusTone(container.reason ?? "Pending");
}
