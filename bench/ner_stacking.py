"""Issue 9 experiment: a stacked second CRF pass over jackknifed first-pass labels.

    OPENBLAS_NUM_THREADS=1 python bench/ner_stacking.py [--data ../shared/corpora/ner]
        [--model rasd/ner/model/ner-ar.bin.gz] [--folds 5] [--fold-iterations 100]

Featurises the training corpora as ``rasd ner train --no-lexicon`` does, tags each of
``--folds`` contiguous folds with a CRF trained on the others (the second pass learns from
realistic first-pass errors), trains the second CRF (shipped options) on the base features
plus :mod:`rasd.ner.stacking` features, and scores it on AQMAR dev (O-penalty tuned there)
and the held-out split. At test time the first pass is ``--model`` with its O-penalty taken
back out (the jackknifed labels have none). About 25 CPU minutes. Prints F1 only; nothing
is saved.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from rasd.ner import conll, crf, training
from rasd.ner import features as F
from rasd.ner import stacking as S
from rasd.ner.document import WINDOW, windows
from rasd.ner.evaluation import score
from rasd.ner.featurizer import Featurizer, SentenceFeatures
from rasd.ner.tagger import load_model
from rasd.ner.tuning import CRF_O_PENALTIES


def _say(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def _majority(sents: Sequence[Sequence[str]], labs: Sequence[Sequence[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for lo, hi in windows(len(sents), WINDOW):
        out.extend(S.majority([[F.stem(w) for w in s] for s in sents[lo:hi]], labs[lo:hi]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/corpora/ner"))
    ap.add_argument("--model", type=Path, default=Path("rasd/ner/model/ner-ar.bin.gz"))
    ap.add_argument("--folds", type=int, default=S.FOLDS)
    ap.add_argument("--fold-iterations", type=int, default=100)
    args = ap.parse_args()
    files = [args.data / "anercorp_train.txt", args.data / "aqmar_train.txt"]
    prep = training.prepare(files, args.data / "aqmar_dev.txt", kb=True, progress=_say)
    primary, held = conll.split(conll.read(files[0]), 0.1)
    corpora = [("news", primary), ("wiki", conll.read(files[1]))]
    labels = prep.labels
    paths = S.jackknife_paths(
        prep.data,
        labels,
        prep.feat.n_features,
        folds=args.folds,
        crf_options={"iterations": args.fold_iterations},
        progress=_say,
    )
    gold_train = [s for _, sents in corpora for s in sents]
    jk = score((s.tags, [labels[j] for j in p]) for s, p in zip(gold_train, paths, strict=True))
    _say(f"jackknifed first-pass F1 on the training text {jk['f1']}")
    feat: Featurizer = prep.feat
    feat.grow = True
    data2: list[tuple[SentenceFeatures, list[int]]] = []
    lo = 0
    for dom, sents in corpora:
        feat.set_domain(dom)
        labs = [[labels[j] for j in p] for p in paths[lo : lo + len(sents)]]
        maj = _majority([s.words for s in sents], labs)
        for k in range(len(sents)):
            sf, gold = prep.data[lo + k]
            data2.append((S.extend(feat, sf, labs[k], maj[k]), gold))
        lo += len(sents)
    feat.grow = False
    feat._lookup = None
    chain2 = crf.fit(data2, labels, feat.n_features, progress=_say)

    first = load_model(args.model)
    o = labels.index("O")
    first.chain.W[first.featurizer.feature_names().index("b"), o] += first.meta["o_penalty"]

    def evaluate(
        sents: list[conll.Sentence], dom: str, pens: Sequence[float]
    ) -> tuple[float, list[tuple[float, float]]]:
        first.featurizer.set_domain(dom)
        ch = first.chain
        ps = ch.viterbi_many(ch.emissions_many(first.featurizer.document([s.words for s in sents])))
        labs = [[labels[j] for j in p] for p in ps]
        f1 = score((s.tags, lab) for s, lab in zip(sents, labs, strict=True))["f1"]
        feat.set_domain(dom)
        base = feat.document([s.words for s in sents])
        maj = _majority([s.words for s in sents], labs)
        sfs = [S.extend(feat, sf, lab, m) for sf, lab, m in zip(base, labs, maj, strict=True)]
        emits = chain2.emissions_many(sfs)
        curve = []
        for pen in pens:
            shifted = [e.copy() for e in emits]
            for e in shifted:
                e[:, o] -= pen
            pred = chain2.viterbi_many(shifted)
            f = score((s.tags, [labels[j] for j in q]) for s, q in zip(sents, pred, strict=True))
            curve.append((pen, f["f1"]))
        return f1, curve

    dev = [s for s in prep.dev if s.words]
    f1d, curve = evaluate(dev, "wiki", CRF_O_PENALTIES)
    best = max(curve, key=lambda c: (c[1], -c[0]))[0]
    _say(f"AQMAR dev: first pass (no O-penalty) {f1d}, stacked {curve}, O-penalty {best}")
    f1h, curve_h = evaluate([s for s in held if s.words], "news", sorted({0.0, best}))
    _say(f"held-out: first pass (no O-penalty) {f1h}, stacked {curve_h}")


if __name__ == "__main__":
    main()
