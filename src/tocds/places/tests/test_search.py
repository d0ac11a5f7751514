"""Public place search: diacritics, case and Unicode form ignored, word starts, ranking,
historic places with their successors — on the page and in the API."""

import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client

from tocds.conftest import make_place
from tocds.core.text import fold
from tocds.places.models import Kind, Level, Place, Succession

pytestmark = pytest.mark.django_db

OLD_END = date(2025, 6, 30)


@dataclass
class Gazetteer:
    province: Place
    hoa_an: Place
    dong_khe: Place
    hoang_tung: Place
    truong_luong: Place
    an_hoa: Place
    hamlet: Place
    district: Place
    nuoc_hai: Place
    hong_viet: Place
    other_province: Place
    other_hoa_an: Place


def make_historic(code: str, name: str, level: str, kind: str, parent: Place) -> Place:
    return Place.objects.create(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent=parent,
        path=f"{parent.path}{code}/",
        valid_to=OLD_END,
    )


@pytest.fixture
def places(db) -> Gazetteer:
    """Cao Bằng (the home province, settings.PROVINCE_CODE) and one other province."""
    province = make_place("04", "Tỉnh Cao Bằng", Level.PROVINCE, Kind.TINH)
    hoa_an = make_place("01654", "Xã Hòa An", Level.COMMUNE, Kind.XA, province)
    dong_khe = make_place("01720", "Xã Đông Khê", Level.COMMUNE, Kind.XA, province)
    hoang_tung = make_place("01687", "Xã Hoàng Tung", Level.COMMUNE, Kind.XA, province)
    truong_luong = make_place("01702", "Xã Trương Lương", Level.COMMUNE, Kind.XA, province)
    an_hoa = make_place("01720-001", "Xóm An Hòa", Level.HAMLET, Kind.XOM, dong_khe)
    hamlet = make_place("01654-001", "Xóm Nà Mẫu", Level.HAMLET, Kind.XOM, hoa_an)
    district = make_historic("051", "Huyện Hòa An", Level.DISTRICT, Kind.HUYEN, province)
    nuoc_hai = make_historic("01654", "Thị trấn Nước Hai", Level.COMMUNE, Kind.THI_TRAN, district)
    hong_viet = make_historic("01681", "Xã Hồng Việt", Level.COMMUNE, Kind.XA, district)
    Succession.objects.create(predecessor=nuoc_hai, successor=hoa_an)
    Succession.objects.create(predecessor=hong_viet, successor=hoa_an)
    Succession.objects.create(predecessor=hong_viet, successor=truong_luong)
    other_province = make_place("66", "Tỉnh Đắk Lắk", Level.PROVINCE, Kind.TINH)
    # Spelled with the old-style accent placement "oà".
    other_hoa_an = make_place("24121", "Xã Hoà An", Level.COMMUNE, Kind.XA, other_province)
    return Gazetteer(
        province=province,
        hoa_an=hoa_an,
        dong_khe=dong_khe,
        hoang_tung=hoang_tung,
        truong_luong=truong_luong,
        an_hoa=an_hoa,
        hamlet=hamlet,
        district=district,
        nuoc_hai=nuoc_hai,
        hong_viet=hong_viet,
        other_province=other_province,
        other_hoa_an=other_hoa_an,
    )


def page_results(query: str, **headers) -> list[str]:
    response = Client().get("/places/search/", {"q": query}, headers=headers)
    assert response.status_code == 200
    return [place.name for place in response.context["results"]]


def api_places(**params) -> list[dict]:
    response = Client().get("/api/v1/places", params)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])
    return body["items"]


def api_names(**params) -> list[str]:
    return [item["name"] for item in api_places(**params)]


# The folding rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Xã Hòa An", "xa hoa an"),
        ("XÃ HÒA AN", "xa hoa an"),
        ("xa hoa an", "xa hoa an"),
        ("Xã Hoà An", "xa hoa an"),
        (unicodedata.normalize("NFD", "Xã Hòa An"), "xa hoa an"),
        ("Đông Khê", "dong khe"),
        ("đường ĐÔNG", "duong dong"),
        ("Phường Thục Phán", "phuong thuc phan"),
        ("Nguyễn Thị Ưng Ợ", "nguyen thi ung o"),
        ("  Tổ   dân\tphố\u00a01 ", "to dan pho 1"),
        ("", ""),
    ],
)
def test_fold_ignores_case_diacritics_unicode_form_and_spacing(text, key):
    assert fold(text) == key


def test_fold_accepts_none_as_empty():
    assert fold(None) == ""


def test_fold_gives_one_key_for_every_spelling_of_a_name():
    spellings = [
        "Hòa An",
        "Hoà An",
        "HÒA AN",
        "hoa an",
        unicodedata.normalize("NFD", "Hòa An"),
        unicodedata.normalize("NFD", "Hoà An"),
        unicodedata.normalize("NFC", "Hoà An"),
    ]
    assert {fold(s) for s in spellings} == {"hoa an"}


def test_names_are_stored_in_nfc_with_their_folded_key(places: Gazetteer):
    name = unicodedata.normalize("NFD", " Thôn  Đông Mẫu ")
    place = make_place("01654-002", name, Level.HAMLET, Kind.THON, places.hoa_an)
    place.refresh_from_db()
    assert (place.name, place.search_name) == ("Thôn Đông Mẫu", "thon dong mau")
    assert place.name == unicodedata.normalize("NFC", place.name)


# Search on the public page --------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "hoa an",
        "Hòa An",
        "HOA AN",
        "Hoà An",
        "xã hòa an",
        unicodedata.normalize("NFD", "Hòa An"),
        unicodedata.normalize("NFD", "Hoà An"),
        "  hoa    an ",
    ],
)
def test_search_ignores_diacritics_case_unicode_form_and_spacing(places: Gazetteer, query):
    results = page_results(query)
    assert results[0] == "Xã Hòa An"
    assert "Xã Hoà An" in results


def test_search_matches_d_with_stroke_as_d(places: Gazetteer):
    assert page_results("dong khe") == ["Xã Đông Khê"]
    assert page_results("ĐÔNG KHÊ") == ["Xã Đông Khê"]
    assert page_results("Đông") == ["Xã Đông Khê"]


def test_search_matches_words_at_word_starts_only(places: Gazetteer):
    results = page_results("an")
    assert "Xã Hoàng Tung" not in results
    assert set(results) == {"Xã Hòa An", "Xã Hoà An", "Huyện Hòa An", "Xóm An Hòa"}
    assert page_results("oang") == []
    assert page_results("hoang") == ["Xã Hoàng Tung"]


def test_search_accepts_word_prefixes_in_any_order(places: Gazetteer):
    assert page_results("kh do") == ["Xã Đông Khê"]
    assert page_results("hoan tu") == ["Xã Hoàng Tung"]


def test_every_word_must_match(places: Gazetteer):
    assert page_results("hoa an tung") == []
    assert page_results("dong an") == []


def test_the_whole_phrase_ranks_first(places: Gazetteer):
    assert page_results("hoa an") == [
        "Xã Hòa An",  # the phrase, home province, current
        "Huyện Hòa An",  # the phrase, home province, historic
        "Xã Hoà An",  # the phrase, another province
        "Xóm An Hòa",  # both words, not the phrase
    ]


def test_home_province_ranks_before_other_provinces(places: Gazetteer):
    make_place("24125", "Xã Đông Khê Mới", Level.COMMUNE, Kind.XA, places.other_province)
    make_place("01725", "Xã Đông Khê Mới", Level.COMMUNE, Kind.XA, places.province)
    results = Place.objects.search("dong khe moi")
    assert [p.path for p in results] == ["/04/01725/", "/66/24125/"]


def test_a_query_that_folds_to_nothing_finds_nothing(places: Gazetteer):
    assert list(Place.objects.search("  ")) == []
    assert list(Place.objects.search("\u0301")) == []  # a lone combining accent


def test_search_treats_like_wildcards_as_text(places: Gazetteer):
    assert page_results("%") == []
    assert page_results("_a") == []


def test_historic_places_show_their_successors(places: Gazetteer):
    response = Client().get("/places/search/", {"q": "hong viet"})
    [old] = response.context["results"]
    assert old == places.hong_viet
    assert [s.name for s in old.successors.all()] == ["Xã Hòa An", "Xã Trương Lương"]
    page = response.content.decode()
    assert "30/06/2025" in page
    assert "Xã Hòa An, Xã Trương Lương" in page


def test_search_page_is_public_and_shows_the_query_and_results(places: Gazetteer):
    response = Client().get("/places/search/", {"q": "hoa an"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert 'value="hoa an"' in page
    assert "Xã Hòa An" in page
    assert "01654" in page


def test_search_page_without_query_lists_nothing(places: Gazetteer):
    response = Client().get("/places/search/")
    assert response.status_code == 200
    assert response.context["results"] == []
    assert response.context["query"] == ""


def test_htmx_search_returns_only_the_results_fragment(places: Gazetteer):
    response = Client().get("/places/search/", {"q": "dong khe"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "<form" not in fragment
    assert "Xã Đông Khê" in fragment
    assert [p.name for p in response.context["results"]] == ["Xã Đông Khê"]


def test_htmx_search_says_when_nothing_matches(places: Gazetteer):
    response = Client().get("/places/search/", {"q": "zzz"}, headers={"HX-Request": "true"})
    assert response.context["results"] == []
    assert "zzz" in response.content.decode()


# Search in the API ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["hoa an", "HOA AN", "Hòa An", "Hoà An", unicodedata.normalize("NFD", "Hòa An")]
)
def test_api_search_ignores_diacritics_and_ranks_the_phrase_first(places: Gazetteer, query):
    assert api_names(q=query) == ["Xã Hòa An", "Xã Hoà An", "Xóm An Hòa"]


def test_api_is_public_and_describes_each_place(places: Gazetteer):
    [item] = api_places(q="dong khe")
    assert item == {
        "code": "01720",
        "name": "Xã Đông Khê",
        "level": "commune",
        "kind": "xa",
        "parent_code": "04",
        "valid_from": None,
        "valid_to": None,
        "successor_codes": [],
    }


def test_api_leaves_out_historic_places_unless_asked(places: Gazetteer):
    assert api_names(q="hong viet") == []
    [item] = api_places(q="hong viet", include_historic="true")
    assert (item["code"], item["valid_to"]) == ("01681", "2025-06-30")
    assert sorted(item["successor_codes"]) == ["01654", "01702"]
    assert api_names(q="hoa an", include_historic="true") == [
        "Xã Hòa An",
        "Huyện Hòa An",
        "Xã Hoà An",
        "Xóm An Hòa",
    ]


def test_api_filters_by_level(places: Gazetteer):
    assert api_names(q="hoa an", level="hamlet") == ["Xóm An Hòa"]
    assert api_names(q="hoa an", level="district", include_historic="true") == ["Huyện Hòa An"]
    assert api_names(level="province") == ["Tỉnh Cao Bằng", "Tỉnh Đắk Lắk"]


def test_api_refuses_an_unknown_level(places: Gazetteer):
    assert Client().get("/api/v1/places", {"level": "village"}).status_code == 422


def test_api_filters_by_parent_code(places: Gazetteer):
    assert api_names(parent="04") == [
        "Xã Hòa An",
        "Xã Hoàng Tung",
        "Xã Trương Lương",
        "Xã Đông Khê",
    ]
    assert api_names(parent="66", q="hoa an") == ["Xã Hoà An"]
    assert api_names(parent="01720") == ["Xóm An Hòa"]
    assert api_names(parent="99") == []


def test_api_parent_code_means_the_current_parent(places: Gazetteer):
    # "01654" is the code of today's Xã Hòa An and of the old Thị trấn Nước Hai.
    assert api_names(parent="01654", include_historic="true") == ["Xóm Nà Mẫu"]


def test_api_lists_places_in_tree_order_without_a_query(places: Gazetteer):
    paths = [
        Place.objects.get(code=item["code"], valid_to__isnull=True).path for item in api_places()
    ]
    assert paths == sorted(paths)
    assert len(paths) == Place.objects.current().count()


def test_api_paginates(places: Gazetteer):
    response = Client().get("/api/v1/places", {"limit": 2, "offset": 1})
    body = response.json()
    assert body["count"] == Place.objects.current().count()
    assert [item["code"] for item in body["items"]] == ["01654", "01654-001"]


def test_api_lists_a_historic_districts_communes_when_asked(places: Gazetteer):
    assert api_names(parent="051") == []
    assert sorted(api_names(parent="051", include_historic="true")) == [
        "Thị trấn Nước Hai",
        "Xã Hồng Việt",
    ]
