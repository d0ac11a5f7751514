"""The table cells write numbers exactly as the `intcomma` filter of the other cells does."""

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from tocds.progress.rows import Line


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("n", [0, 7, 999, 1234, 1234567])
def test_cells_write_numbers_like_intcomma(language, n):
    with translation.override(language):
        line = Line(label="x", visits=n, households_target=n + 1)
        assert line.visits_text == f"{intcomma(n)} / {intcomma(n + 1)}"
