"""`{% load numbers %}`: numbers a person reads, as the active language writes them.

    {{ visits|num }}                    1.500
    {{ rating|num:1 }}                  4,3
    {{ share|percent }}                 22,1 %   (a share already in percent)
    {{ quiz.percent|percent:0 }}        80 %
    {{ done|percent_of:planned }}       22,1 %   (— where planned is 0 or unknown)

The rules are in core.numbers; ids, years and values in links or forms are never passed here.
"""

from django import template

from tocds.core import numbers

register = template.Library()


@register.filter
def num(value, digits=0) -> str:
    """A number grouped by thousands, with `digits` decimals; a dash for no number."""
    return numbers.number(value, int(digits))


@register.filter
def percent(share, digits=1) -> str:
    """A share already in percent, with its sign: "22,1 %"."""
    return numbers.percent(share, int(digits))


@register.filter
def percent_of(part, whole) -> str:
    """`part` as a percent of `whole`, one decimal: "22,1 %"; a dash for no whole."""
    return numbers.percent_of(part, whole)
