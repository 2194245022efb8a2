"""Arabic named-entity recognition: PERS, LOC, ORG and MISC, trained here and shipped.

>>> from rasd.ner import recognize
>>> ents = recognize("التقى الرئيس في بغداد وفدا من الأمم المتحدة.")  # doctest: +SKIP

Public API (imported lazily, so ``import rasd.ner`` loads no model and no numpy):

* :class:`Entity` — ``start``, ``end`` (raw offsets), ``label``, ``text``, ``score``
* :func:`load_model` — the packaged model (or a file), cached
* :class:`NerModel` — ``tag_tokens(words)`` (BIO), ``entities(doc)``, ``recognize(text)``,
  ``add_gazetteer(label, names)`` (hook for knowledge-base lists)
* :func:`recognize` — entities of a text with the packaged model
* :func:`train` — reproducible training (see :mod:`rasd.ner.training`)
* :func:`evaluate` — micro P/R/F1 (exact span and type) and per-type F1 on a CoNLL file
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rasd.ner.evaluation import evaluate
    from rasd.ner.tagger import Entity, NerModel, load_model, recognize
    from rasd.ner.training import train

__all__ = ["Entity", "NerModel", "evaluate", "load_model", "recognize", "train"]

_WHERE = {
    "Entity": "rasd.ner.tagger",
    "NerModel": "rasd.ner.tagger",
    "load_model": "rasd.ner.tagger",
    "recognize": "rasd.ner.tagger",
    "train": "rasd.ner.training",
    "evaluate": "rasd.ner.evaluation",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rasd.ner' has no attribute {name!r}")
