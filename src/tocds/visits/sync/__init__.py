"""The sync protocol of RELIABILITY.md, server side: one batch of visits from a phone.

- Every record carries the UUID the phone gave it; the database's unique constraint on it, with
  INSERT … ON CONFLICT DO NOTHING, decides which request created a row (never check-then-insert).
- Each record gets its own result: `created`, `updated` (an edit based on the server's version),
  `duplicate` (same content already stored: the original id), `conflict` (different content, or
  an edit based on a stale version: kept for review, the server's copy returned) or `invalid`.
  One bad record never fails the others.
- The phone's clock at sending is compared with the server's; visit times are corrected by the
  difference, which is stored with the device time, and flagged when large.

The package, in the order a batch goes through it: `records` (the schemas a phone sends, the
results it is told, the content hash, the server's copy), `resolve` (records checked against the
database in a few plain-SQL reads), `batch` (`sync_visits`: the batch stored in one
transaction) and `inserts` (its plain-SQL inserts).
"""

from tocds.visits.sync.batch import own_visits, sync_visits
from tocds.visits.sync.records import (
    MAX_BATCH,
    MAX_PEOPLE,
    MAX_SERVICES,
    BatchResult,
    RecordResult,
    ServiceIn,
    VisitIn,
    _hash,
    content_hash,
    server_copy,
    stored_hash,
)

__all__ = [
    "MAX_BATCH",
    "MAX_PEOPLE",
    "MAX_SERVICES",
    "BatchResult",
    "RecordResult",
    "ServiceIn",
    "VisitIn",
    "_hash",  # the content hash's exact text, for its tests
    "content_hash",
    "own_visits",
    "server_copy",
    "stored_hash",
    "sync_visits",
]
