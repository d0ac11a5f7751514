"""Every write of training, one module per section: `plans`, `courses`, `sessions`,
`enrolment`, `attendance` (check-in, sign-in sheet, walk-ins, ratings), `completion` and
`external` (participation in programmes held elsewhere); `access` holds the permission checks
they share. One function each, keyword-only, atomic, with `actor=`.

Callers outside this package import the package and call `services.<name>` (or import the
name from `tocds.training.services`): the public functions are named here, each defined in
exactly one section module. The section modules import one another by section; their private
helpers (`_enrol`, `_person_for`, which check nothing) are
for training's own modules (the importer in `exchange`), never for views.
"""

from tocds.training.services.access import can_manage, can_take_attendance
from tocds.training.services.attendance import (
    CheckIn,
    add_walk_in,
    check_code,
    check_in,
    invalid_code,
    rate_session,
    record_sheet,
)
from tocds.training.services.completion import (
    Progress,
    course_progress,
    evaluate_completion,
    evaluate_course,
)
from tocds.training.services.courses import save_course
from tocds.training.services.enrolment import (
    cancel_enrolment,
    default_audience,
    enrol_membership,
    enrol_new_person,
    enrol_person,
    enrol_self,
    enrol_team,
    self_enrolment_membership,
    sessions_open_to_team,
)
from tocds.training.services.external import record_external
from tocds.training.services.plans import save_plan
from tocds.training.services.sessions import save_session

__all__ = [
    "CheckIn",
    "Progress",
    "add_walk_in",
    "can_manage",
    "can_take_attendance",
    "cancel_enrolment",
    "check_code",
    "check_in",
    "course_progress",
    "default_audience",
    "enrol_membership",
    "enrol_new_person",
    "enrol_person",
    "enrol_self",
    "enrol_team",
    "evaluate_completion",
    "evaluate_course",
    "invalid_code",
    "rate_session",
    "record_external",
    "record_sheet",
    "save_course",
    "save_plan",
    "save_session",
    "self_enrolment_membership",
    "sessions_open_to_team",
]
