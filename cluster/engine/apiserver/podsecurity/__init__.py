"""The PodSecurity admission plugin (k8s.io/pod-security-admission): the Pod Security
Standards' baseline and restricted checks, the levels namespaces ask for in their
`pod-security.kubernetes.io/*` labels, and what kube-apiserver does with a pod, a pod
controller or a namespace that does not meet them."""
