"""kubectl set image|env|resources|serviceaccount|subject: change the pod template (or pod)
of objects, or a binding's subjects, each subcommand in a module of its own."""

from __future__ import annotations

from cluster.kubectl import helptexts
from cluster.kubectl.cmd.set import env, image, resources, selector, serviceaccount, subject
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {
    "image": image,
    "env": env,
    "resources": resources,
    "selector": selector,
    "serviceaccount": serviceaccount,
    "sa": serviceaccount,
    "subject": subject,
}


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f"error: unknown command \"{opts.args[0]}\"\nSee 'kubectl set -h' for help and examples"
        )
    raise ExitError(helptexts.SET.rstrip("\n"))
