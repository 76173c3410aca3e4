"""What runs on every node: the kubelet and the container runtime it drives over the CRI."""
