"""Coded errors of the batch runner (``RASD9xx``).

* ``RASD900`` bad batch input or option (unknown input kind, bad ``--out``);
* ``RASD901`` a partition failed after its retries (recorded, the run goes on);
* ``RASD902`` one document failed with an unexpected error (recorded, skipped);
* ``RASD903`` one record could not be decoded (bad JSON line, not an object).
"""

from __future__ import annotations

from rasd.errors import RasdError

PARTITION_FAILED = "RASD901"
DOCUMENT_FAILED = "RASD902"
RECORD_UNREADABLE = "RASD903"


class BatchError(RasdError):
    """A batch run cannot start: bad input path, input kind or option."""

    code = "RASD900"
    hint = "see `rasd batch --help` for the input kinds and --out forms"


class RecordError(RasdError):
    """One input record is unreadable; recorded on the partition, never fatal."""

    code = RECORD_UNREADABLE
    hint = "fix or drop the named record; the rest of the partition was processed"
