"""The node lifecycle controller (pkg/controller/nodelifecycle): node health and taints."""
