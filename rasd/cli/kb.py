"""`rasd kb build|info`: validate and compile the knowledge base."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from rasd.cli.common import emit_json, handle_errors

app = typer.Typer(help="Knowledge base: validate, compile, inspect.", no_args_is_help=True)


@app.command("build")
@handle_errors
def build_cmd(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Validate every data file and rebuild the compiled index cache."""
    from rasd.kb import cache
    from rasd.kb.base import KnowledgeBase

    removed = 0
    folder = cache.cache_dir()
    if folder.is_dir():
        for path in folder.glob(f"kb-{cache.data_hash()}-*.pickle"):
            path.unlink(missing_ok=True)
            removed += 1
    t0 = time.perf_counter()
    sizes = KnowledgeBase().warm()  # a fresh instance: every part parsed and validated
    built = time.perf_counter() - t0
    t1 = time.perf_counter()
    KnowledgeBase().warm()  # and loaded back from the cache, as a new process would
    loaded = time.perf_counter() - t1
    out = {
        "data_hash": cache.data_hash(),
        "cache_dir": str(folder),
        "removed_stale_entries": removed,
        "build_seconds": round(built, 2),
        "load_seconds": round(loaded, 2),
        "sizes": sizes,
    }
    if json_out:
        emit_json(out)
        return
    typer.echo(
        f"knowledge base {out['data_hash']}: valid; built in {built:.2f} s, "
        f"loads in {loaded:.2f} s (cache: {folder})"
    )
    typer.echo(", ".join(f"{k} {v}" for k, v in sizes.items()))


@app.command("info")
@handle_errors
def info_cmd(json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Sizes of every part of the knowledge base and where its cache lives."""
    from rasd.kb import cache
    from rasd.kb.base import KnowledgeBase

    t0 = time.perf_counter()
    sizes = KnowledgeBase.default().warm()
    out = {
        "data_hash": cache.data_hash(),
        "cache_dir": str(cache.cache_dir()),
        "load_seconds": round(time.perf_counter() - t0, 2),
        "sizes": sizes,
    }
    if json_out:
        emit_json(out)
        return
    typer.echo(
        f"knowledge base {out['data_hash']} (cache: {out['cache_dir']}), "
        f"loaded in {out['load_seconds']} s"
    )
    for k, v in sizes.items():
        typer.echo(f"  {k:14} {v}")
