"""The citizens' pages, no account needed: the team of my hamlet, the province in figures,
news and events. What they show is the same for everyone and kept in the cache for
`PUBLIC_CACHE_SECONDS`, so a link shared in a newspaper does not load the database."""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tocds.core.text import fold
from tocds.public import queries
from tocds.public.figures import province_figures
from tocds.public.queries import cached


def hamlets(request: HttpRequest) -> HttpResponse:
    """ "Tổ CĐS ở thôn tôi": find a hamlet by its name."""
    query = " ".join(request.GET.get("q", "").split())[:80]
    province = cached("province", queries.home_province)
    found = None
    if len(query) >= 2:
        found = cached(
            f"hamlets:{province.pk}:{hashlib.sha256(fold(query).encode()).hexdigest()}",
            lambda: list(queries.find_hamlets(query, province)),
        )
    return render(
        request, "public/hamlets.html", {"query": query, "found": found, "province": province}
    )


def hamlet(request: HttpRequest, code: str) -> HttpResponse:
    province = cached("province", queries.home_province)
    today = timezone.localdate()
    page = cached(
        f"hamlet:{hashlib.sha256(code.encode()).hexdigest()}:{today}",
        lambda: queries.hamlet_page(queries.get_hamlet(code, province), today=today),
    )
    return render(request, "public/hamlet.html", {"page": page})


def figures(request: HttpRequest) -> HttpResponse:
    province = cached("province", queries.home_province)
    return render(request, "public/figures.html", {"figures": province_figures(province)})
