"""kube-apiserver: authentication, authorization, admission, validation, then storage."""
