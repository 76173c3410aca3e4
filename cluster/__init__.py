"""The cluster app: cluster records, the engine's hosts, and KubeLab's own API."""
