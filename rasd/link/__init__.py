"""Linking: reports of the same real-world incident become one incident.

* :mod:`rasd.link.score` — blocking and pair scoring (:class:`MergeParams`);
* :mod:`rasd.link.linker` — incremental clustering in memory;
* :mod:`rasd.link.merge` — :func:`merge_new_reports` into the store;
* :mod:`rasd.link.manual` — audited manual merge and split;
* :mod:`rasd.link.calibrate` — pairwise P/R/F1 against gold ``event_key`` clusters;
* :mod:`rasd.link.ids` — stable ids.

Import the submodules directly; this package imports nothing at start-up.
"""
