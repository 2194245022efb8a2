"""Shared CLI helpers: error reporting, JSON output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from rasd.errors import RasdError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2


def handle_errors(func: F) -> F:
    """Turn :class:`RasdError` into a one-line message on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RasdError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def emit_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False))


def emit_jsonl(objs: Any) -> None:
    for obj in objs:
        typer.echo(json.dumps(obj, ensure_ascii=False, sort_keys=False))
