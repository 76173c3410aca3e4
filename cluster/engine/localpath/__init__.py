"""kind's default storage: Rancher's local-path-provisioner and the `standard` StorageClass."""
