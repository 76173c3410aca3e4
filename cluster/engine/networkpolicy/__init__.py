"""NetworkPolicies enforced in the pod network, as kind's kindnet does since v0.24 with
sigs.k8s.io/kube-network-policies: an agent on each node judges the packets its pods send and
receive by the policies that select them."""
