"""kubectl set image|env|resources: change the pod template (or pod) of objects, each
subcommand in a module of its own."""

from __future__ import annotations

from cluster.kubectl.cmd.set import env, image, resources
from cluster.kubectl.context import Context, ExitError
from cluster.kubectl.flags import Parsed

FLAGS = ()
SUBCOMMANDS = {"image": image, "env": env, "resources": resources}
USAGE = """Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
"""


def run(ctx: Context, opts: Parsed) -> None:
    if opts.args:
        raise ExitError(
            f"error: unknown command \"{opts.args[0]}\"\nSee 'kubectl set -h' for help and examples"
        )
    ctx.out.write(USAGE)
