"""`rasd ner ...`: Arabic named-entity recognition (PERS, LOC, ORG, MISC).

Subcommands::

    rasd ner tag PATH|- [--json]        entities with raw character offsets
    rasd ner conll FILE|-               one token per line in (blank line between sentences,
                                        extra columns ignored), `token TAG` lines in BIO out:
                                        score it against any CoNLL gold
    rasd ner eval FILE [--json]         micro P/R/F1 (exact span and type), per-type F1
    rasd ner train [--out PATH] [--epochs N] [--data DIR] [--corpus DIR | --lexicon F | --no-lexicon]
                   [--doc-window N] [--method perceptron|crf]
    rasd ner lexicon CORPUS... --out FILE        word clusters and vectors from unlabelled text

`tag`, `conll` and `eval` take ``--model FILE`` (default: the packaged model)
and ``--domain news|wiki``: the model keeps separate feature weights for news
(ANERcorp, the default) and encyclopedic text (AQMAR Wikipedia); use
``--domain wiki`` to tag or score Wikipedia-style text such as AQMAR.

`tag` prints ``start<TAB>end<TAB>label<TAB>score<TAB>text`` per entity; with
``--json`` a list of ``{start, end, label, text, score}``. Offsets index the
raw input text, so ``text == input[start:end]``.

`train` reads ``anercorp_train.txt`` (its last 10 % held out), ``aqmar_train.txt``
and ``aqmar_dev.txt`` from ``--data`` (default ``../shared/corpora/ner``),
builds the lexicon from ``--corpus`` (default ``../shared/corpora/saudinewsnet``)
unless ``--lexicon``/``--no-lexicon`` is given, and writes the model (default:
the packaged ``rasd/ner/model/ner-ar.bin.gz``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import emit_json, handle_errors
from rasd.errors import InputError
from rasd.io import read_text

if TYPE_CHECKING:
    from rasd.ner.tagger import NerModel

app = typer.Typer(
    help="Named entities (PERS, LOC, ORG, MISC) in Arabic text.", no_args_is_help=True
)

SourceArg = Annotated[str, typer.Argument(help="File to read, or - for standard input.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="Model file (default: the packaged model).")
]
EncOpt = Annotated[str, typer.Option("--encoding", help="Input encoding.")]
DomainOpt = Annotated[
    str | None,
    typer.Option(
        "--domain", help="Text domain: news (default) or wiki (encyclopedic text, AQMAR-style)."
    ),
]

DEFAULT_DATA = Path("../shared/corpora/ner")
DEFAULT_CORPUS = Path("../shared/corpora/saudinewsnet")


def _model(path: Path | None, domain: str | None = None) -> NerModel:
    from rasd.ner import load_model

    return load_model(path, domain=domain)


@app.command()
@handle_errors
def tag(
    source: SourceArg = "-",
    json_out: JsonOpt = False,
    model: ModelOpt = None,
    domain: DomainOpt = None,
    encoding: EncOpt = "utf-8",
) -> None:
    """Find named entities in running text; print them with raw offsets."""
    text = read_text(source, encoding=encoding)
    ents = _model(model, domain).recognize(text)
    if json_out:
        emit_json([e.to_dict() for e in ents])
    else:
        for e in ents:
            typer.echo(f"{e.start}\t{e.end}\t{e.label}\t{e.score:.3f}\t{e.text}")


@app.command()
@handle_errors
def conll(
    source: SourceArg = "-",
    model: ModelOpt = None,
    domain: DomainOpt = None,
    encoding: EncOpt = "utf-8",
) -> None:
    """Tag pre-tokenised text (one token per line) and write `token TAG` lines in BIO."""
    from rasd.ner import conll as C

    sentences = C.parse(read_text(source, encoding=encoding), name=source, tagged=False)
    ner = _model(model, domain)
    tags = ner.tag_sentences([s.words for s in sentences])
    out = C.format_sentences((s.words, t) for s, t in zip(sentences, tags, strict=True))
    typer.echo(out, nl=False)


@app.command("eval")
@handle_errors
def eval_(
    file: Annotated[str, typer.Argument(help="CoNLL gold file (`token TAG`).")],
    json_out: JsonOpt = False,
    model: ModelOpt = None,
    domain: DomainOpt = None,
) -> None:
    """Score the model on a CoNLL gold file: micro P/R/F1 (exact span and type), per type."""
    from rasd.ner import evaluate
    from rasd.ner.evaluation import format_report

    metrics = evaluate(_model(model, domain), file)
    if json_out:
        emit_json(metrics)
    else:
        typer.echo(format_report(metrics))


@app.command()
@handle_errors
def train(
    out: Annotated[Path | None, typer.Option(help="Where to write the model.")] = None,
    epochs: Annotated[
        int | None,
        typer.Option(
            min=1, help="Perceptron epochs (default 20; the best epoch on AQMAR dev is kept)."
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="Perceptron shuffling seed (default 13).")
    ] = None,
    data: Annotated[
        Path, typer.Option(help="Folder with the CoNLL training files.")
    ] = DEFAULT_DATA,
    corpus: Annotated[
        Path, typer.Option(help="Unlabelled text for the lexicon (zip/txt files).")
    ] = DEFAULT_CORPUS,
    lexicon: Annotated[
        Path | None, typer.Option(help="Use this lexicon file instead of building one.")
    ] = None,
    no_lexicon: Annotated[
        bool, typer.Option("--no-lexicon", help="Train without a lexicon.")
    ] = False,
    doc_window: Annotated[
        int,
        typer.Option(
            "--doc-window",
            min=0,
            help="Sentences per document for document-level clues (default 0: off, as shipped).",
        ),
    ] = 0,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="crf (default, as shipped; needs the training extra: pip install 'rasd[crf]') "
            "or perceptron.",
        ),
    ] = "",
    json_out: JsonOpt = False,
) -> None:
    """Train the tagger reproducibly and report held-out and dev scores."""
    from rasd.ner import train as train_fn
    from rasd.ner.clusters import build_lexicon, corpus_texts, load_lexicon
    from rasd.ner.evaluation import format_report
    from rasd.ner.tagger import DEFAULT_MODEL
    from rasd.ner.training import DEFAULT_EPOCHS, DEFAULT_METHOD, DEFAULT_SEED

    if method not in ("", "perceptron", "crf"):
        raise InputError(f"unknown --method {method!r}", hint="use perceptron or crf")

    files = [data / "anercorp_train.txt", data / "aqmar_train.txt"]
    dev = data / "aqmar_dev.txt"
    for f in [*files, dev]:
        if not f.is_file():
            raise InputError(f"no training file {f}", hint="pass --data with the CoNLL folder")

    def say(msg: str) -> None:
        typer.echo(msg, err=True)

    lex = None
    if lexicon is not None:
        if not lexicon.is_file():
            raise InputError(f"no lexicon file {lexicon}", hint="build one with `rasd ner lexicon`")
        lex = load_lexicon(lexicon)
    elif not no_lexicon:
        if not corpus.exists():
            raise InputError(
                f"no corpus at {corpus}", hint="pass --corpus, --lexicon or --no-lexicon"
            )
        say(f"building the lexicon from {corpus}")
        lex = build_lexicon(corpus_texts([corpus]))
    metrics = train_fn(
        files,
        dev,
        out or DEFAULT_MODEL,
        epochs=DEFAULT_EPOCHS if epochs is None else epochs,
        seed=DEFAULT_SEED if seed is None else seed,
        lexicon=lex,
        doc_window=doc_window,
        method=method or DEFAULT_METHOD,
        progress=say,
    )
    if json_out:
        emit_json(metrics)
    else:
        typer.echo(f"model: {metrics['path']} ({metrics['size_bytes'] / 1e6:.1f} MB)")
        typer.echo("held-out (last 10 % of ANERcorp train):\n" + format_report(metrics["heldout"]))
        typer.echo("AQMAR dev:\n" + format_report(metrics["dev"]))


@app.command("lexicon")
@handle_errors
def lexicon_cmd(
    corpus: Annotated[list[Path], typer.Argument(help="Folders or .zip/.txt files of text.")],
    out: Annotated[Path, typer.Option(help="Output .npz file.")],
) -> None:
    """Build word clusters and vectors from unlabelled Arabic text."""
    from rasd.ner.clusters import build_lexicon, corpus_texts, save_lexicon

    for p in corpus:
        if not p.exists():
            raise InputError(f"no such file or folder: {p}", hint="check the path")
    lex = build_lexicon(corpus_texts(corpus))
    save_lexicon(out, lex)
    typer.echo(f"{len(lex)} words → {out}")
