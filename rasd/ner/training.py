"""Training the tagger: a linear-chain CRF (or the averaged perceptron) over CoNLL corpora.

Reproducible: sentences are read in file order (the perceptron shuffles them
each epoch with a seeded generator; CRFsuite's L-BFGS is deterministic), the
gazetteer is jackknifed over fixed contiguous folds, and the model file is
written byte-identically for identical inputs.

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

Method (issue 9): both methods learn the same weights (one per feature and
label, one per label pair) over the same feature strings, so the tagger, its
speed and the model format do not depend on the method. ``crf`` (the shipped
recipe) trains a CRF with L-BFGS in CRFsuite (:mod:`rasd.ner.crf`, optional
training-only extra ``rasd[crf]``; it learns no start weights and does not
use word vectors) and drops features whose weights are all below 0.01;
``perceptron`` is the earlier recipe. AQMAR dev / held-out entity F1
(O-penalty tuned on dev each time, the CRF options picked on dev):

* averaged perceptron (previous shipped model): 67.9 / 69.5;
* CRF, L1 0.05 + L2 0.01: 67.35 / 70.35 after 100 iterations, 66.46 / 69.42
  after 300 (too little regularisation: it overfits as it converges);
* CRF, L1 0.2 + L2 0.05, 200 iterations: 67.17 / 69.93;
* CRF, 150 iterations (about converged), L2 only: 0.25: 69.27 / 70.87,
  0.5: 69.36 / 71.05, 1.0: 68.92 / 71.12; L1 0.02 + L2 0.5: 69.12 / 71.04;
* the L2 0.5 CRF keeps 668k features (the perceptron 304k) and in one noisy
  run tagged about 20 % slower with a cold cache and loaded in 1.1 s;
  dropping features whose weights are all below 0.01 / 0.03 / 0.06 / 0.1
  left 316k / 182k / 98k / 44k features and 69.36 / 69.0 / 68.49 / 67.58
  dev F1 (held-out 70.78 / 70.94 / 70.79 / 69.51). At 0.01 a token fires as
  many features as with the perceptron's model (58.8 against 58.1 on AQMAR
  dev), so tagging costs the same.

Shipped: the L2 0.5 CRF pruned at 0.01: 69.36 AQMAR dev and 70.78 held-out
F1, 3.1 MB, 23.2k and 22.5k tokens/s with a cold word cache against 21.9k
and 23.1k for the perceptron's model (two sessions of best of 7 interleaved
runs on a shared machine, where single runs varied by ±20 %): the same
speed within noise; load about 0.45 s. Training takes about 4 CPU
minutes (150 iterations over 149k tokens and 1.3M feature strings, general
and domain copies). The document clues (``doc_window=16``) with the same
CRF gave 68.35 / 71.85: again better on the held-out news and worse on
AQMAR dev, and slower, so still off.

More F1 (issue 9, the same shipped CRF as the baseline: 69.36 dev / 70.78 held-out):

* score temperature: with 0.2-0.9 on offer the fit on the held-out split stays
  1.0 (CRF scores are log-potentials), so 0.5 and 0.7 joined
  :data:`rasd.ner.tuning.TEMPERATURES` and nothing changed; O-penalties in steps
  of 0.125 tie 0.375 with 0.5 at 69.36 dev (held-out 70.93 against 70.78): no
  dev gain, the grid was left as it is;
* two-pass stacking (:mod:`rasd.ner.stacking`, ``bench/ner_stacking.py``): a
  second CRF (same options) on the same features plus the first pass's labels of
  the token and its neighbours (±2, and two label pairs) and the majority type
  of the other occurrences of its stem in the document, the first-pass labels
  jackknifed over 5 contiguous folds (100 iterations each; jackknifed F1 on the
  training text 70.09). 69.75 dev (O-penalty 0.75) / 71.71 held-out, unpruned:
  +0.39 / +0.93. The second pass costs CPU (cold caches, best of 5 on a shared
  machine, reusing the first pass's feature rows and caching the stacked
  emission of each label window): 21 µs more per token over all sentences,
  11 µs when it runs only on the 580 of 1,106 bench sentences where the first
  pass found an entity, on top of 50 µs for one pass in the same runs (19.9k
  tokens/s): about 14.0k / 16.4k tokens/s, and from the idle machine's 24k
  about 15.9k / 19.0k, under the 20k floor. It also needs a second chain in the model file and
  about 25 CPU minutes of training: not shipped. A cheaper first pass (pruned
  harder: 0.06 keeps 98k features at 68.49 dev) is the next thing to try;
* feature conjunctions: the word's two-letter suffix and prefix with the
  previous/next word's gazetteer class, and the suffix with their shapes (six
  features, 330k kept): 69.19 dev / 70.40 held-out (O-penalty 0.5), worse on
  both; removed. The previous word's clitic-stripped stem is already a feature
  (``t-1=``, and ``bs-=`` pairs it with the current stem).

Epochs (perceptron): up to ``epochs``, keeping the averaged weights of the
epoch with the best AQMAR dev F1 and stopping after ``patience`` epochs
without a gain. An O-penalty (a constant taken off the ``O`` score of every
token, folded into the bias feature's weights so tagging costs nothing more)
is then tuned on AQMAR dev: both models are precise but miss entities, and
the penalty trades a little precision for more recall (CRF scores are
log-potentials, so its candidates are smaller:
:data:`rasd.ner.tuning.CRF_O_PENALTIES`). The held-out split is only scored,
never used for a choice.

The shipped model is rebuilt by ``rasd ner train --no-lexicon`` run in the
repository root with python-crfsuite installed (see
``rasd/ner/model/LICENSE-MODEL.md``): the defaults (CRF, L2 0.5, 150
iterations, knowledge-base name lists, the cue word lists of
:mod:`rasd.ner.cues`) are the shipped recipe; ``--method perceptron`` (20
epochs, patience 5, seed 13) trains without the extra. Word clusters from a
large corpus help further but the corpus at hand (SaudiNewsNet, CC BY-NC-SA) may not
be used for a shipped model, and clusters from the NER training text alone
(:func:`own_lexicon`, ``own_clusters=True``) ran about 1.5 F1 below on AQMAR
dev over the first eight epochs.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rasd.ner import conll, crf
from rasd.ner import labeldict as LD
from rasd.ner.clusters import Lexicon, build_lexicon
from rasd.ner.evaluation import evaluate_sentences
from rasd.ner.featurizer import Featurizer, SentenceFeatures
from rasd.ner.gazetteer import Gazetteer, build
from rasd.ner.kbnames import kb_names
from rasd.ner.perceptron import AveragedTrainer, LinearChain
from rasd.ner.store import ModelData, prune, save
from rasd.ner.tagger import NerModel
from rasd.ner.tuning import (
    CRF_O_PENALTIES,
    O_PENALTIES,
    apply_o_penalty,
    calibrate,
    tune_o_penalty,
)

DEFAULT_EPOCHS = 20
# Stop when AQMAR dev F1 has not improved for this many epochs (0: never stop early).
DEFAULT_PATIENCE = 5
DEFAULT_SEED = 13
DEFAULT_DOMAINS = ("news", "wiki")
METHODS = ("perceptron", "crf")
DEFAULT_METHOD = "crf"
# Features whose weights are all smaller are dropped from the model file.
PRUNE_THRESHOLD = 1e-3
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
    out: list[list[str]] = []
    for others, held in conll.folds(sentences, folds):
        gaz = with_lists(build((s.words, s.tags) for s in others), lists)
        out.extend(gaz.match(s.words) for s in held)
    return out


# Clustering of the training text (about 150,000 words): fewer words and contexts than
# a large corpus would get.
OWN_CLUSTER_OPTIONS: dict[str, Any] = {
    "vocab_size": 20_000,
    "n_contexts": 400,
    "dim": 40,
    "depth": 12,
    "min_count": 3,
}


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


@dataclass
class Prepared:
    """Featurised training data and what the model file needs besides the weights."""

    paths: list[Path]
    doms: list[str]
    held: list[conll.Sentence]
    dev: list[conll.Sentence]
    dev_domain: str
    labels: list[str]
    lists: dict[str, list[str]] | None
    gazetteer: Gazetteer
    labeldict: dict[str, str]
    lexicon: Lexicon | None
    feat: Featurizer
    data: list[tuple[SentenceFeatures, list[int]]]


def prepare(
    train_files: Sequence[str | Path],
    dev_file: str | Path | None,
    *,
    heldout: float = 0.1,
    lexicon: Lexicon | None = None,
    domains: Sequence[str] | None = DEFAULT_DOMAINS,
    kb: bool = True,
    own_clusters: bool = False,
    label_dict: bool = True,
    doc_window: int = DOC_WINDOW,
    progress: Progress | None = None,
) -> Prepared:
    """Read the corpora and featurise the training sentences (options as for :func:`train`)."""
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
    return Prepared(
        paths, doms, held, dev, dev_domain, labels, lists, full_gaz, ldict, lexicon, feat, data
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
    method: str = DEFAULT_METHOD,
    crf_options: Mapping[str, Any] | None = None,
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
    ``method`` is ``perceptron`` (``epochs``, ``seed``, ``patience``) or ``crf``
    (L-BFGS, :func:`rasd.ner.crf.fit` with ``crf_options``; needs python-crfsuite).

    Returns metrics: ``{"heldout": score, "dev": score, "epochs": [...], "best_epoch",
    "o_penalty", "o_penalty_curve": [(penalty, dev F1), ...],
    "n_features", "train_seconds", "size_bytes", "path"}`` (scores as in
    :func:`rasd.ner.evaluation.score`). ``out_path=None`` trains without saving.
    """
    if method not in METHODS:
        raise ValueError(f"unknown training method {method!r} (one of {', '.join(METHODS)})")
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    prep = prepare(
        train_files,
        dev_file,
        heldout=heldout,
        lexicon=lexicon,
        domains=domains,
        kb=kb,
        own_clusters=own_clusters,
        label_dict=label_dict,
        doc_window=doc_window,
        progress=progress,
    )
    paths, doms, held, dev, dev_domain = prep.paths, prep.doms, prep.held, prep.dev, prep.dev_domain
    labels, lists, full_gaz, ldict = prep.labels, prep.lists, prep.gazetteer, prep.labeldict
    lexicon, feat, data = prep.lexicon, prep.feat, prep.data

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

    history: list[dict[str, Any]] = []
    best: tuple[float, int, LinearChain] | None = None
    if method == "crf":
        chain = crf.fit(data, labels, feat.n_features, **(crf_options or {}), progress=say)
        meta["method"] = "crf"
        meta["crf"] = {**crf.defaults(), **(crf_options or {})}
        penalties: Sequence[float] = CRF_O_PENALTIES
    else:  # the averaged perceptron
        trainer = AveragedTrainer(LinearChain.zeros(labels, feat.n_features, feat.vectors))
        rng = np.random.default_rng(seed)
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
        penalties = O_PENALTIES
        meta.update({"method": "perceptron", "epochs": epochs, "seed": seed})
    cut = crf.PRUNE_THRESHOLD if method == "crf" else PRUNE_THRESHOLD
    features, W = prune(feat.feature_names(), chain.W, threshold=cut)
    chain = LinearChain(labels, W, chain.T, chain.S, chain.D, chain.V)
    model = current(chain, features)
    metrics: dict[str, Any] = {"epochs": history, "n_features": len(features)}
    if best is not None:
        metrics["best_epoch"] = meta["best_epoch"] = best[1]
    if dev and o_penalty is None:
        model.featurizer.set_domain(dev_domain)
        o_penalty, metrics["o_penalty_curve"] = tune_o_penalty(model, dev, penalties)
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
                "heldout_f1": metrics.get("heldout", {}).get("f1"),
                "dev_f1": metrics.get("dev", {}).get("f1"),
            }
        )
        metrics["size_bytes"] = save(
            out_path, _model(chain, features, full_gaz, lexicon, meta, ldict)
        )
        metrics["path"] = str(out_path)
    return metrics
