"""The simulation: a pure, deterministic Kubernetes. No I/O, no wall clock, no global state."""
