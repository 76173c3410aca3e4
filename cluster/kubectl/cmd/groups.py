"""What a command group (config, auth, top) does run without one of its subcommands."""

from __future__ import annotations

from cluster.kubectl import helptexts
from cluster.kubectl.context import ExitError
from cluster.kubectl.flags import Parsed


def run_alone(opts: Parsed, group: str) -> None:
    """Fail with the group's help, as cobra's usage of a command that cannot run; or, given
    a word that is none of its subcommands, say so."""
    if opts.args:
        raise ExitError(
            f"error: unknown command \"{opts.args[0]}\"\nSee 'kubectl {group} -h' for help and examples"
        )
    found = helptexts.text(group)
    assert found is not None, f"no help for `kubectl {group}`: run scripts/helptexts.py"
    raise ExitError(found.rstrip("\n"))
