"""Training the tagger: averaged structured perceptron over CoNLL corpora.

Reproducible: sentences are read in file order, shuffled each epoch by a
seeded generator, the gazetteer is jackknifed over fixed contiguous folds, and
the model file is written byte-identically for identical inputs.

The first training file is the primary corpus: its last ``heldout`` fraction of
sentences is held out of training and reported as ``heldout`` metrics.

Domains: each training file has a domain (default ``news`` for ANERcorp and
``wiki`` for AQMAR). Every feature gets a general copy and a copy for its
domain ("frustratingly easy" domain adaptation, Daumé 2007), so what the two
corpora agree on is shared and their different conventions (AQMAR's broad
MISC) stay apart. At run time the model uses the first domain unless told
otherwise.

Label dictionary and documents: every word also carries its class in a
dictionary of the training labels (:mod:`rasd.ner.labeldict`; jackknifed over
the same folds as the gazetteer, the full dictionary is stored in the model),
and the clues of the other mentions of its stem in the same document
(:mod:`rasd.ner.document`; runs of ``doc_window`` consecutive sentences of one
corpus). On the held-out split and AQMAR dev the dictionary gave 69.4 → 69.5
and 66.5 → 67.9 F1 and is shipped; the document clues on top gave 70.4 and
67.8 but tag about 20 % slower, so they are off by default (``doc_window=0``,
``rasd ner train --doc-window 16`` to try them).

Epochs: up to ``epochs``, keeping the averaged weights of the epoch with the
best AQMAR dev F1 and stopping after ``patience`` epochs without a gain. An
O-penalty (a constant taken off the ``O`` score of every token, folded into
the bias feature's weights so tagging costs nothing more) is then tuned on
AQMAR dev: the perceptron is precise but misses entities, and the penalty
trades a little precision for more recall. The held-out split is only scored,
never used for a choice.

The shipped model is rebuilt by ``rasd ner train --no-lexicon`` run in the
repository root (see ``rasd/ner/model/LICENSE-MODEL.md``): the defaults
(20 epochs, patience 5, seed 13, knowledge-base name lists, the cue word lists
of :mod:`rasd.ner.cues`) are the shipped recipe. Word clusters from a large
corpus help further but the corpus at hand (SaudiNewsNet, CC BY-NC-SA) may not
be used for a shipped model, and clusters from the NER training text alone
(:func:`own_lexicon`, ``own_clusters=True``) ran about 1.5 F1 below on AQMAR
dev over the first eight epochs.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rasd.ner import conll
from rasd.ner import labeldict as LD
from rasd.ner.clusters import Lexicon, build_lexicon
from rasd.ner.evaluation import evaluate_sentences
from rasd.ner.evaluation import score as score_pairs
from rasd.ner.featurizer import Featurizer, SentenceFeatures
from rasd.ner.gazetteer import Gazetteer, build
from rasd.ner.kbnames import kb_names
from rasd.ner.perceptron import AveragedTrainer, LinearChain
from rasd.ner.store import ModelData, prune, save
from rasd.ner.tagger import NerModel

DEFAULT_EPOCHS = 20
# Stop when AQMAR dev F1 has not improved for this many epochs (0: never stop early).
DEFAULT_PATIENCE = 5
DEFAULT_SEED = 13
DEFAULT_DOMAINS = ("news", "wiki")
# Document clues (rasd.ner.document) are off in the shipped recipe: +0.9 held-out F1 but
# -0.1 on AQMAR dev and about 20 % slower tagging (cold word cache), below the speed floor.
DOC_WINDOW = 0
GAZETTEER_FOLDS = 5

Progress = Callable[[str], None]


def labels_of() -> list[str]:
    """``O`` then ``B-X``/``I-X`` for every type in :data:`conll.TYPES` (fixed order)."""
    return ["O"] + [f"{p}-{t}" for t in conll.TYPES for p in "BI"]


def with_lists(gaz: Gazetteer, lists: Mapping[str, Sequence[str]] | None) -> Gazetteer:
    """``gaz`` with the names of ``lists`` (``{label: names}``) added where it has none."""
    for label, names in sorted((lists or {}).items()):
        gaz.add(label, names, overwrite=False)
    return gaz


def jackknife_matches(
    sentences: Sequence[conll.Sentence],
    folds: int = GAZETTEER_FOLDS,
    lists: Mapping[str, Sequence[str]] | None = None,
) -> list[list[str]]:
    """Gazetteer matches for each sentence from a gazetteer built on the *other* folds.

    Folds are contiguous blocks, so names repeated within one article do not
    leak into their own gazetteer. ``lists`` (e.g. knowledge-base names, see
    :mod:`rasd.ner.kbnames`) are added to every fold's gazetteer.
    """
    n = len(sentences)
    bounds = [round(n * k / folds) for k in range(folds + 1)]
    out: list[list[str]] = []
    for k in range(folds):
        lo, hi = bounds[k], bounds[k + 1]
        others = [s for j, s in enumerate(sentences) if not lo <= j < hi]
        gaz = with_lists(build((s.words, s.tags) for s in others), lists)
        out.extend(gaz.match(s.words) for s in sentences[lo:hi])
    return out


TEMPERATURES = (
    1.0,
    2.0,
    3.0,
    5.0,
    7.0,
    10.0,
    15.0,
    20.0,
    30.0,
    40.0,
    50.0,
    60.0,
    70.0,
    85.0,
    100.0,
    150.0,
    200.0,
)


def calibrate(model: NerModel, sentences: Sequence[conll.Sentence]) -> float:
    """The softmax temperature that best predicts the gold labels (least log loss).

    Perceptron scores are not probabilities; dividing them by a temperature
    fitted on held-out text makes entity ``score`` values mean something.
    """
    index = {t: i for i, t in enumerate(model.labels)}
    chain = model.chain
    feats = model.featurizer.document([s.words for s in sentences if s.words])
    golds = [[index[t] for t in s.tags] for s in sentences if s.words]
    emits = chain.emissions_many(feats)
    paths = chain.viterbi_many(emits)
    best, best_loss = 1.0, float("inf")
    for temp in TEMPERATURES:
        loss = 0.0
        for emit, path, gold in zip(emits, paths, golds, strict=True):
            prob = chain.local_probs(emit, path, temp)
            loss -= float(np.log(np.maximum(prob[np.arange(len(gold)), gold], 1e-12)).sum())
        if loss < best_loss:
            best, best_loss = temp, loss
    return best


# Clustering of the training text (about 150,000 words): fewer words and contexts than
# a large corpus would get.
OWN_CLUSTER_OPTIONS: dict[str, Any] = {
    "vocab_size": 20_000,
    "n_contexts": 400,
    "dim": 40,
    "depth": 12,
    "min_count": 3,
}

# Candidate O-penalties (subtracted from the ``O`` score of every token), tuned on dev.
O_PENALTIES = (
    0.0,
    1.0,
    2.0,
    3.0,
    4.0,
    5.0,
    6.0,
    8.0,
    10.0,
    12.0,
    14.0,
    17.0,
    20.0,
    25.0,
    30.0,
    40.0,
)


def tune_o_penalty(
    model: NerModel,
    sentences: Sequence[conll.Sentence],
    penalties: Sequence[float] = O_PENALTIES,
) -> tuple[float, list[tuple[float, float]]]:
    """The O-penalty that maximises entity F1 on ``sentences``, and F1 for each candidate.

    A perceptron trained on sparse entities is conservative (high precision,
    low recall); lowering the ``O`` score trades some precision for recall.
    Emissions are computed once and only the decoding is repeated. Ties go
    to the smaller penalty.
    """
    sents = [s for s in sentences if s.words]
    chain = model.chain
    emits = chain.emissions_many(model.featurizer.document([s.words for s in sents]))
    o = model.labels.index("O")
    labels = model.labels
    curve: list[tuple[float, float]] = []
    for pen in penalties:
        shifted = [e.copy() for e in emits]
        for e in shifted:
            e[:, o] -= pen
        paths = chain.viterbi_many(shifted)
        pred = [[labels[j] for j in path] for path in paths]
        f1 = float(score_pairs((s.tags, p) for s, p in zip(sents, pred, strict=True))["f1"])
        curve.append((float(pen), f1))
    best = max(curve, key=lambda c: (c[1], -c[0]))[0]
    return best, curve


def apply_o_penalty(chain: LinearChain, features: Sequence[str], penalty: float) -> None:
    """Fold an O-penalty into the weights of the bias feature ``b`` (fires on every token)."""
    if penalty:
        row = list(features).index("b")
        chain.W[row, chain.labels.index("O")] -= penalty


def own_lexicon(sentences: Sequence[conll.Sentence], **options: Any) -> Lexicon:
    """Word clusters (no vectors) from the words of the training sentences alone.

    Small but licence-clean: the clusters come from the same text as the
    labels, so names that share contexts ("قال X", "في مدينة X") share
    cluster ids even when one of them is rare. Options override
    :data:`OWN_CLUSTER_OPTIONS` (see :func:`rasd.ner.clusters.build_lexicon`).
    """
    opts = {**OWN_CLUSTER_OPTIONS, **options}
    return build_lexicon((" ".join(s.words) for s in sentences), **opts)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _model(
    chain: LinearChain,
    features: list[str],
    gaz: Gazetteer,
    lexicon: Lexicon | None,
    meta: dict[str, Any],
    labeldict: dict[str, str] | None = None,
) -> ModelData:
    return ModelData(
        chain.labels,
        features,
        chain.W,
        chain.T,
        chain.S,
        chain.D,
        gaz.to_dict(),
        lexicon,
        meta,
        labeldict or {},
    )


def train(
    train_files: Sequence[str | Path],
    dev_file: str | Path | None,
    out_path: str | Path | None,
    *,
    epochs: int = DEFAULT_EPOCHS,
    seed: int = DEFAULT_SEED,
    heldout: float = 0.1,
    lexicon: Lexicon | None = None,
    domains: Sequence[str] | None = DEFAULT_DOMAINS,
    kb: bool = True,
    patience: int = DEFAULT_PATIENCE,
    own_clusters: bool = False,
    label_dict: bool = True,
    doc_window: int = DOC_WINDOW,
    o_penalty: float | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Train on ``train_files``, report on the held-out split and ``dev_file``, save to ``out_path``.

    ``domains`` names the domain of each training file in order (the last
    name repeats for further files; ``None`` turns domain features off); the
    dev file is scored in the domain of the second file if there is one.
    With ``kb`` the knowledge-base name lists (:func:`rasd.ner.kbnames.kb_names`)
    join the gazetteer under labels of their own. With a dev file the best
    epoch is kept (``patience``: epochs without a gain before stopping; 0 never
    stops early) and ``o_penalty`` is tuned on it unless given. With
    ``own_clusters`` (and no ``lexicon``) word clusters are built from the
    training sentences (:func:`own_lexicon`). ``label_dict`` adds the
    training-label dictionary features (:mod:`rasd.ner.labeldict`) and a
    non-zero ``doc_window`` the document clues (:mod:`rasd.ner.document`).

    Returns metrics: ``{"heldout": score, "dev": score, "epochs": [...], "best_epoch",
    "o_penalty", "o_penalty_curve": [(penalty, dev F1), ...],
    "n_features", "train_seconds", "size_bytes", "path"}`` (scores as in
    :func:`rasd.ner.evaluation.score`). ``out_path=None`` trains without saving.
    """
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    paths = [Path(p) for p in train_files]
    doms = list(domains or [""])
    primary, held = conll.split(conll.read(paths[0]), heldout)
    corpora: list[tuple[str, list[conll.Sentence]]] = [(doms[0], primary)]
    for i, p in enumerate(paths[1:], 1):
        corpora.append((doms[min(i, len(doms) - 1)], conll.read(p)))
    sentences = [s for _, sents in corpora for s in sents]
    dev = conll.read(dev_file) if dev_file is not None else []
    dev_domain = corpora[1][0] if len(corpora) > 1 else doms[0]
    labels = labels_of()
    lab_index = {t: i for i, t in enumerate(labels)}
    say(f"{len(sentences)} training sentences, {len(held)} held out, {len(dev)} dev")

    if lexicon is None and own_clusters:
        lexicon = own_lexicon(sentences)
        say(f"{len(lexicon)} word clusters from the training text")
    lists = kb_names() if kb else None
    gz = jackknife_matches(sentences, lists=lists)
    full_gaz = with_lists(build((s.words, s.tags) for s in sentences), lists)
    pairs = [(s.words, s.tags) for s in sentences]
    ldict = LD.build(pairs) if label_dict else {}
    lds: list[list[str] | None] = (
        list(LD.jackknife(pairs)) if label_dict else [None] * len(sentences)
    )
    feat = Featurizer(
        gazetteer=full_gaz, lexicon=lexicon, labeldict=ldict, doc_window=doc_window, grow=True
    )
    data: list[tuple[SentenceFeatures, list[int]]] = []
    lo = 0
    for d, sents in corpora:  # documents never cross corpus boundaries
        hi = lo + len(sents)
        feat.set_domain(d)
        sfs = feat.document([s.words for s in sents], gz[lo:hi], lds[lo:hi])
        data.extend((sf, [lab_index[t] for t in s.tags]) for sf, s in zip(sfs, sents, strict=True))
        lo = hi
    feat.grow = False
    say(f"{feat.n_features} features")

    meta: dict[str, Any] = {
        "domains": sorted(set(doms) - {""}),
        "default_domain": doms[0],
        "features_sorted": True,
    }
    if doc_window:
        meta["doc_window"] = doc_window
    if lists:
        meta["kb_lists"] = {label: len(names) for label, names in sorted(lists.items())}

    def current(chain: LinearChain, features: list[str] | None = None) -> NerModel:
        """A tagger from ``chain``: pruned (sorted) ``features``, or the training index."""
        names = features or feat.feature_names()
        flags = {**meta, "features_sorted": features is not None}
        return NerModel(_model(chain, names, full_gaz, lexicon, flags, ldict))

    def score(model: NerModel, sents: Sequence[conll.Sentence], domain: str) -> dict[str, Any]:
        model.featurizer.set_domain(domain)
        return evaluate_sentences(model, sents)

    trainer = AveragedTrainer(LinearChain.zeros(labels, feat.n_features, feat.vectors))
    rng = np.random.default_rng(seed)
    history: list[dict[str, Any]] = []
    best: tuple[float, int, LinearChain] | None = None
    for epoch in range(1, epochs + 1):
        errors = sum(trainer.update(*data[i]) for i in rng.permutation(len(data)))
        row: dict[str, Any] = {"epoch": epoch, "sentence_errors": int(errors)}
        if dev:
            averaged = trainer.averaged()
            row["dev_f1"] = f1 = score(current(averaged), dev, dev_domain)["f1"]
            if best is None or f1 > best[0]:
                best = (f1, epoch, averaged)
        history.append(row)
        say(" ".join(f"{k}={v}" for k, v in row.items()))
        if best is not None and patience and epoch - best[1] >= patience:
            break

    chain = best[2] if best is not None else trainer.averaged()
    features, W = prune(feat.feature_names(), chain.W)
    chain = LinearChain(labels, W, chain.T, chain.S, chain.D, chain.V)
    model = current(chain, features)
    metrics: dict[str, Any] = {"epochs": history, "n_features": len(features)}
    if best is not None:
        metrics["best_epoch"] = meta["best_epoch"] = best[1]
    if dev and o_penalty is None:
        model.featurizer.set_domain(dev_domain)
        o_penalty, metrics["o_penalty_curve"] = tune_o_penalty(model, dev)
        say(
            f"O-penalty {o_penalty}: " + " ".join(f"{p}:{f}" for p, f in metrics["o_penalty_curve"])
        )
    if o_penalty:
        apply_o_penalty(chain, features, o_penalty)
        model = current(chain, features)
    metrics["o_penalty"] = meta["o_penalty"] = o_penalty or 0.0
    if held:
        metrics["heldout"] = score(model, held, doms[0])
        meta["temperature"] = calibrate(model, held)
    if dev:
        metrics["dev"] = score(model, dev, dev_domain)
        metrics["dev_domain"] = dev_domain
    metrics["train_seconds"] = round(time.perf_counter() - t0, 1)
    if out_path is not None:
        meta.update(
            {
                "trained_on": [{"file": p.name, "sha256": _digest(p)} for p in paths],
                "heldout": heldout,
                "epochs": epochs,
                "seed": seed,
                "heldout_f1": metrics.get("heldout", {}).get("f1"),
                "dev_f1": metrics.get("dev", {}).get("f1"),
            }
        )
        metrics["size_bytes"] = save(
            out_path, _model(chain, features, full_gaz, lexicon, meta, ldict)
        )
        metrics["path"] = str(out_path)
    return metrics
