"""Analysis and early warning over the incident store.

* :mod:`~rasd.analysis.records` — incidents as flat records (with targets, weapons,
  evidence) read with the usual :class:`rasd.store.IncidentFilter`;
* :mod:`~rasd.analysis.trends` — counts and casualties per period and key, group
  profiles, the group–country–target network;
* :mod:`~rasd.analysis.spikes` — spike detection (Poisson / negative-binomial
  baseline, upper-tail test with an explicit false-alarm rate) and threat signals;
* :mod:`~rasd.analysis.backtest` — detection delay and false-alarm rate on
  synthetic series and on a database;
* :mod:`~rasd.analysis.watchlists` — saved rules, alerts from the change feed;
* :mod:`~rasd.analysis.delivery` — the outbox worker (signed webhooks, e-mail);
* :mod:`~rasd.analysis.digest` — the offline HTML digest;
* :mod:`~rasd.analysis.routes` — the ``/api/v1`` router.

Importing this package does no I/O and imports none of its modules.
"""
