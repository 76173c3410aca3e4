"""The API objects: Kubernetes' kinds as JSON-shaped dicts, their defaults and validation."""
