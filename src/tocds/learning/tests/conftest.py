from pathlib import Path

import pytest

from tocds.learning.content import load_content

FIXTURE = Path(__file__).resolve().parent / "content"


@pytest.fixture
def content(db):
    """The tiny content tree of the tests, loaded."""
    return load_content(FIXTURE)
