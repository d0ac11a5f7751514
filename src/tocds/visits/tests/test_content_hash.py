"""The content hash is written out by hand; it must stay the hash of the canonical JSON that
stored visits were hashed with, or a resent visit would no longer be recognised."""

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tocds.visits.sync import _hash


def reference_hash(*, recorded_at, services, **fields) -> str:
    content = {
        **fields,
        "recorded_at": recorded_at.astimezone(UTC).isoformat(timespec="seconds"),
        "services": sorted(list(s) for s in services),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


TEXT = st.text(max_size=40)  # any characters: quotes, backslashes, controls, Vietnamese
SERVICE = st.tuples(
    st.text(min_size=1, max_size=12), st.integers(1, 99), st.sampled_from(["done", "follow_up"])
)


@given(
    campaign=st.integers(1, 2**31 - 1),
    team=st.integers(1, 2**31 - 1),
    hamlet=TEXT,
    household=TEXT,
    consent=st.booleans(),
    head_name=TEXT,
    head_phone=TEXT,
    people=st.integers(0, 99),
    recorded_at=st.datetimes(
        min_value=datetime(2020, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=7))]),
    ),
    services=st.lists(SERVICE, max_size=5),
)
def test_hash_is_the_sha256_of_the_canonical_json(**fields):
    assert _hash(**fields) == reference_hash(**fields)


def test_a_stored_visit_keeps_its_hash():
    fields = {
        "campaign": 1,
        "team": 2,
        "hamlet": "04001-001",
        "household": "Số 12",
        "consent": False,
        "head_name": "",
        "head_phone": "",
        "people": 3,
        "recorded_at": datetime(2026, 10, 3, 9, 15, tzinfo=timezone(timedelta(hours=7))),
        "services": [("vneid-register", 2, "done")],
    }
    assert _hash(**fields) == "1a0211f4b10d3f46bbfd69d4cb6e537080b5fbb4871e3d59e1061084e191a38a"
