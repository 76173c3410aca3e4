"""Help texts kubectl prints for a command group called without a subcommand, word for word."""

ROLLOUT = (
    "Manage the rollout of one or many resources.\n"
    "        \n"
    " Valid resource types include:\n"
    "\n"
    "  *  deployments\n"
    "  *  daemonsets\n"
    "  *  statefulsets\n"
    "\n"
    "Examples:\n"
    "  # Rollback to the previous deployment\n"
    "  kubectl rollout undo deployment/abc\n"
    "  \n"
    "  # Check the rollout status of a daemonset\n"
    "  kubectl rollout status daemonset/foo\n"
    "  \n"
    "  # Restart a deployment\n"
    "  kubectl rollout restart deployment/abc\n"
    "  \n"
    "  # Restart deployments with the 'app=nginx' label\n"
    "  kubectl rollout restart deployment --selector=app=nginx\n"
    "\n"
    "Available Commands:\n"
    "  history       View rollout history\n"
    "  pause         Mark the provided resource as paused\n"
    "  restart       Restart a resource\n"
    "  resume        Resume a paused resource\n"
    "  status        Show the status of the rollout\n"
    "  undo          Undo a previous rollout\n"
    "\n"
    "Usage:\n"
    "  kubectl rollout SUBCOMMAND [options]\n"
    "\n"
    'Use "kubectl rollout <command> --help" for more information about a given command.\n'
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
)

SET = (
    "Configure application resources.\n"
    "\n"
    " These commands help you make changes to existing application resources.\n"
    "\n"
    "Available Commands:\n"
    "  env              Update environment variables on a pod template\n"
    "  image            Update the image of a pod template\n"
    "  resources        Update resource requests/limits on objects with pod templates\n"
    "  selector         Set the selector on a resource\n"
    "  serviceaccount   Update the service account of a resource\n"
    "  subject          Update the user, group, or service account in a role binding or cluster role binding\n"
    "\n"
    "Usage:\n"
    "  kubectl set SUBCOMMAND [options]\n"
    "\n"
    'Use "kubectl set <command> --help" for more information about a given command.\n'
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
)

CREATE_SECRET = (
    "Create a secret with specified type.\n"
    "\n"
    " A docker-registry type secret is for accessing a container registry.\n"
    "\n"
    " A generic type secret indicate an Opaque secret type.\n"
    "\n"
    " A tls type secret holds TLS certificate and its associated key.\n"
    "\n"
    "Available Commands:\n"
    "  docker-registry   Create a secret for use with a Docker registry\n"
    "  generic           Create a secret from a local file, directory, or literal value\n"
    "  tls               Create a TLS secret\n"
    "\n"
    "Usage:\n"
    "  kubectl create secret (docker-registry | generic | tls) [options]\n"
    "\n"
    'Use "kubectl create secret <command> --help" for more information about a given command.\n'
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
)

CREATE_SERVICE = (
    "Create a service using a specified subcommand.\n"
    "\n"
    "Aliases:\n"
    "service, svc\n"
    "\n"
    "Available Commands:\n"
    "  clusterip      Create a ClusterIP service\n"
    "  externalname   Create an ExternalName service\n"
    "  loadbalancer   Create a LoadBalancer service\n"
    "  nodeport       Create a NodePort service\n"
    "\n"
    "Usage:\n"
    "  kubectl create service [flags] [options]\n"
    "\n"
    'Use "kubectl create service <command> --help" for more information about a given command.\n'
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
)
