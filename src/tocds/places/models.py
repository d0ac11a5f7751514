"""The tree of places: province → (historic district) → commune → hamlet.

Places are data with validity dates. A reorganisation is recorded as successor links, so records
of a unit that no longer exists still roll up into today's units.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import FoldedNameMixin, max_length_check
from tocds.core.text import fold
from tocds.places import tree


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (historic)")
    COMMUNE = "commune", _("Commune")
    HAMLET = "hamlet", _("Hamlet")


class Kind(models.TextChoices):
    """The official kind of unit; labels are the Vietnamese words used in names."""

    TINH = "tinh", "tỉnh"
    THANH_PHO_TW = "thanh_pho_tw", "thành phố trực thuộc trung ương"
    THANH_PHO = "thanh_pho", "thành phố"
    HUYEN = "huyen", "huyện"
    THI_XA = "thi_xa", "thị xã"
    QUAN = "quan", "quận"
    XA = "xa", "xã"
    PHUONG = "phuong", "phường"
    THI_TRAN = "thi_tran", "thị trấn"
    DAC_KHU = "dac_khu", "đặc khu"
    THON = "thon", "thôn"
    XOM = "xom", "xóm"
    BAN = "ban", "bản"
    TO_DAN_PHO = "to_dan_pho", "tổ dân phố"
    LANG = "lang", "làng"
    AP = "ap", "ấp"
    BUON = "buon", "buôn"
    PLEI = "plei", "plei"
    SOC = "soc", "sóc"
    KHU_PHO = "khu_pho", "khu phố"


HAMLET_KINDS = (
    Kind.THON,
    Kind.XOM,
    Kind.BAN,
    Kind.TO_DAN_PHO,
    Kind.LANG,
    Kind.AP,
    Kind.BUON,
    Kind.PLEI,
    Kind.SOC,
    Kind.KHU_PHO,
)


class PlaceQuerySet(models.QuerySet):
    def current(self) -> "PlaceQuerySet":
        return self.filter(valid_to__isnull=True)

    def within(self, place: "Place") -> "PlaceQuerySet":
        """The place and everything below it."""
        return self.filter(tree.within(place))

    def search(self, query: str) -> "PlaceQuerySet":
        """Places whose name has every word of `query` as a word prefix, best matches first:
        the whole phrase, then places of this installation's province, then current ones."""
        key = fold(query)
        if not key:
            return self.none()
        qs = self
        for word in key.split(" "):
            qs = qs.filter(Q(search_name__startswith=word) | Q(search_name__contains=f" {word}"))
        phrase = Q(search_name=key) | Q(search_name__endswith=f" {key}")
        home = tree.within(f"/{settings.PROVINCE_CODE}/")
        return qs.annotate(
            rank=Case(When(phrase, then=Value(0)), default=Value(2))
            + Case(When(home, then=Value(0)), default=Value(1))
        ).order_by("rank", F("valid_to").asc(nulls_first=True), "path")


class Place(FoldedNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # The commune a place belongs to (itself for a commune), for grouping hamlets and teams.
    commune = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Materialised path of codes, "/04/01273/01273-001/": a subtree is a prefix match.
    path = models.CharField(max_length=255, unique=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="Succession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
    )

    history = HistoricalRecords(excluded_fields=["search_name", "path", "commune"])

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["path"]
        constraints = [
            max_length_check("name", 200),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="place_unique_current_code",
            ),
            models.UniqueConstraint(fields=["code", "valid_to"], name="place_unique_code_period"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="place_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_to"], name="place_level_current")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def ancestors(self) -> models.QuerySet["Place"]:
        codes = self.path.strip("/").split("/")[:-1]
        paths = ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]
        return Place.objects.filter(path__in=paths).order_by("path")


class Succession(models.Model):
    """A unit that ceased (predecessor) continued, wholly or in part, in a successor."""

    predecessor = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    successor = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
