"""The province's public news (items of communication the province marked public), with an
Atom feed, and its public events with their figures — read from `tocds.outreach` through its
public contract (`queries.public_news`, `queries.public_events`, `figures.event_figures`).
Nothing here carries personal data."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy

from tocds.outreach import figures as outreach_figures
from tocds.outreach import queries as outreach
from tocds.public.figures import Cell
from tocds.public.queries import cached

PER_PAGE = 20
FEED_ITEMS = 30


@dataclass(frozen=True)
class NewsItem:
    """What a citizen reads of one item (a plain copy, cached for everyone)."""

    pk: int
    title: str
    summary: str
    kind: str
    outlet: str
    language: str
    published_on: date
    published_at: datetime | None
    link: str


def _news_item(item) -> NewsItem:
    return NewsItem(
        pk=item.pk,
        title=item.title,
        summary=item.summary,
        kind=str(item.get_kind_display()),
        outlet=item.outlet.name,
        language=str(item.language),
        published_on=item.published_on,
        published_at=item.published_at,
        link=item.link,
    )


def news(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1

    def compute():
        paginator = Paginator(outreach.public_news(), PER_PAGE)
        page = paginator.get_page(number)
        return {
            "items": [_news_item(i) for i in page.object_list],
            "number": page.number,
            "pages": paginator.num_pages,
        }

    return render(request, "public/news.html", cached(f"news:{number}", compute))


def news_item(request: HttpRequest, pk: int) -> HttpResponse:
    def compute():
        item = outreach.public_news().filter(pk=pk).first()
        return _news_item(item) if item is not None else None

    item = cached(f"news-item:{pk}", compute)
    if item is None:
        raise Http404
    return render(request, "public/news_item.html", {"item": item})


class NewsFeed(Feed):
    """Atom 1.0 feed of the public news (no personal data)."""

    feed_type = Atom1Feed
    title = gettext_lazy("News of the community digital transformation teams")
    subtitle = gettext_lazy("What the province publishes about its teams' work.")

    def link(self):
        return reverse("public:news")

    def items(self):
        return cached(
            "news-feed", lambda: [_news_item(i) for i in outreach.public_news()[:FEED_ITEMS]]
        )

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary

    def item_link(self, item: NewsItem) -> str:
        return reverse("public:news_item", args=[item.pk])

    def item_pubdate(self, item: NewsItem):
        return item.published_at

    def item_updateddate(self, item: NewsItem):
        return item.published_at  # Atom requires an entry's <updated>

    def item_author_name(self, item: NewsItem) -> str:
        return item.outlet

    def item_categories(self, item: NewsItem):
        return [item.kind]


@dataclass(frozen=True)
class PublicEvent:
    pk: int
    name: str
    kind: str
    starts_on: date
    ends_on: date
    place: str
    organiser: str
    description: str
    figures: object


def _shown(figures) -> dict[str, Cell]:
    """The event's figures as citizens see them: a count of households or people below
    `PUBLIC_MIN_COUNT` is hidden, as on the province's figures page."""
    threshold = settings.PUBLIC_MIN_COUNT
    shown = {
        key: Cell(value, 0 < value < threshold)
        for key, value in (
            ("people_trained", figures.people_trained),
            ("households", figures.households),
            ("people_guided", figures.people_guided),
        )
    }
    shown["items"] = Cell(figures.items)  # items published point to no one
    return shown


def events(request: HttpRequest) -> HttpResponse:
    def compute():
        return [
            PublicEvent(
                pk=e.pk,
                name=e.name,
                kind=str(e.get_kind_display()),
                starts_on=e.starts_on,
                ends_on=e.ends_on,
                place=e.place.name,
                organiser=e.organiser.name if e.organiser_id else "",
                description=e.description,
                figures=_shown(outreach_figures.event_figures(e)),
            )
            for e in outreach.public_events()[:50]
        ]

    today = timezone.localdate()
    listed = cached(f"events:{today}", compute)
    context = {
        "coming": [e for e in listed if e.ends_on >= today],
        "past": [e for e in listed if e.ends_on < today],
        "threshold": settings.PUBLIC_MIN_COUNT,
    }
    return render(request, "public/events.html", context)
