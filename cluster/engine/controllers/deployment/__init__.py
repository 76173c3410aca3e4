"""The Deployment controller (pkg/controller/deployment): rollouts of ReplicaSets."""
