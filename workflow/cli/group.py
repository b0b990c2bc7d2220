"""The `leaflet` group's error handling: every error a user can cause is one line on stderr and
an exit code (2 for usage and input errors), never a traceback or click's usage block; a
closed pipe ends quietly."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..base.errors import LeafletError

#: What a shell reports for a program that SIGPIPE ended (128 + 13), as `yes | head -1` gives.
EXIT_SIGPIPE = 141


def _quiet_stdout() -> None:
    """Points stdout at /dev/null, so that flushing it at exit raises no second broken pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (CliRunner): nothing to flush
        pass
    finally:
        os.close(devnull)


class LeafletGroup(click.Group):
    """Turns every LeafletError, and click's usage errors, into one line on stderr and its exit
    code, never a traceback or click's three lines of usage, hint and error."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:  # `leaflet` alone: the help, as click shows it
            exc.show()
            sys.exit(exc.exit_code)
        except click.ClickException as exc:  # a usage error: a bad option, an unknown command
            click.echo(f"leaflet: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("leaflet: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LeafletError as exc:
            click.echo(f"leaflet: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # `leaflet status | head -1`: the reader has what it wanted
            _quiet_stdout()
            ctx.exit(EXIT_SIGPIPE)
        except OSError as exc:  # a folder that cannot be written, a full disk: the user's to fix
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"leaflet: error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("leaflet: interrupted", err=True)
            ctx.exit(130)
