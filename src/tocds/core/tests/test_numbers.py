"""`core.numbers` writes whole numbers exactly as the `intcomma` filter does."""

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from tocds.core.numbers import grouped, part_of, thousands_separator


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("n", [0, 7, 999, 1234, 1234567])
def test_grouped_writes_numbers_like_intcomma(language, n):
    with translation.override(language):
        assert grouped(n, thousands_separator()) == intcomma(n)


def test_part_of_writes_part_and_whole():
    assert part_of(1500, 22000, separator=".") == "1.500 / 22.000"
    assert part_of(1500, None, separator=".") == "1.500"
    assert part_of(1500, None, always=True, separator=".") == "1.500 / —"
    assert part_of(1500, 2000, separator=None) == "1500 / 2000"
    for language in ("vi", "en"):
        with translation.override(language):
            assert part_of(1500, 22000) == f"{intcomma(1500)} / {intcomma(22000)}"
