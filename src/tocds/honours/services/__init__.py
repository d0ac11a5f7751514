"""Writes of honours: one service per change.

The Department of Science and Technology runs the rounds (`honours.rounds`); a proposing unit
nominates and submits (`honours.propose` over its place); the Department selects within the
quotas or returns (`honours.select`); the Department of Home Affairs proposes or returns
(`honours.appraise`); the Chairman's office records the decision (`honours.decide`). Every
move goes through `TRANSITIONS`, locks the nomination's row, and is kept as a
`NominationEvent` with its comment."""

from tocds.honours.services.nominations import (
    Nominee,
    commune_of,
    delete_draft,
    require_unit,
    save_nomination,
)
from tocds.honours.services.rounds import save_round, set_round_status
from tocds.honours.services.workflow import (
    APPRAISAL_WORKING_DAYS,
    TRANSITIONS,
    NominationMove,
    add_working_days,
    appraisal_due,
    may_take,
    move,
    record_decision,
)

__all__ = [
    "APPRAISAL_WORKING_DAYS",
    "TRANSITIONS",
    "NominationMove",
    "Nominee",
    "add_working_days",
    "appraisal_due",
    "commune_of",
    "delete_draft",
    "may_take",
    "move",
    "record_decision",
    "require_unit",
    "save_nomination",
    "save_round",
    "set_round_status",
]
