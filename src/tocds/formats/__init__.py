"""How tocds writes dates, times and numbers in each language (FORMAT_MODULE_PATH).

Django's own Vietnamese format groups no digits ("1500") and writes dates in words; these
modules make the Vietnamese interface write 1.500, 22,1 and 14:05 02/12/2026, and the English
one 1,500, 22.1 and 02/12/2026 14:05 (day first: the dates are Vietnamese dates).
Templates format numbers through `{% load numbers %}` (core.templatetags.numbers), dates
through the named formats ("SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT").
"""
