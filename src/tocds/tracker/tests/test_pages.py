"""The tracker's pages and writes: the overview, a commune's view, a clause; statuses with
their history, hand figures with evidence, targets deciding the status, periods; scoping."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tocds.reports.tests.helpers import some_visits
from tocds.tracker import services
from tocds.tracker.models import ClauseStatus, Evidence, HandFigure, Status, Target
from tocds.tracker.status import Assessor
from tocds.tracker.tests.factories import clause, directive, period

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LATER = date(2026, 12, 1)  # after October: a target missed is lagging


def test_overview_lists_every_clause_with_its_status_and_figures(world):
    some_visits(world)
    directive(world)
    october = period(world)
    response = world.client_for("chairman").get(f"/tracker/?period={october.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    for code in ("D1.1", "D4.3", "D7.2"):
        assert code in text
    assert "Hộ gia đình được đến hướng dẫn" in text


def test_a_commune_officer_is_sent_to_the_communes_clauses(world):
    directive(world)
    period(world)
    client = world.client_for("officer_a")
    response = client.get("/tracker/")
    assert response.status_code == 302
    assert response["Location"] == f"/tracker/communes/{world.commune_a.code}/"
    page = client.get(response["Location"]).content.decode()
    assert "D4.3" in page and "D1.4" not in page
    assert client.get(f"/tracker/communes/{world.commune_b.code}/").status_code == 404
    # A clause of the province is not the commune's page.
    assert client.get(f"/tracker/clauses/{clause(world, 'D1.4').pk}/").status_code == 404
    assert client.get(f"/tracker/clauses/{clause(world, 'D4.3').pk}/").status_code == 200


def test_a_target_decides_the_status_and_lagging_communes_show(world):
    some_visits(world)  # commune A: 4 households in October
    october = period(world)
    d43 = clause(world, "D4.3")
    households = d43.indicators.get(code="ho-duoc-den")
    services.set_target(
        actor=world.province_admin,
        indicator=households,
        place=world.commune_a,
        period=october,
        value=10,
    )
    assessed = Assessor(october, LATER).assess(d43, world.commune_a)
    assert assessed.status == Status.LATE
    services.set_target(
        actor=world.province_admin,
        indicator=households,
        place=world.commune_a,
        period=october,
        value=4,
    )
    assert Assessor(october, LATER).assess(d43, world.commune_a).status == Status.DONE
    services.set_target(
        actor=world.province_admin,
        indicator=households,
        place=world.commune_b,
        period=october,
        value=50,
    )
    from tocds.tracker import queries

    found = queries.overview(directive(world), october, LATER)
    assert [(c, [a.clause.code for a in late]) for c, late in found["lagging"]] == [
        (world.commune_b, ["D4.3"])
    ]
    with pytest.raises(PermissionDenied):
        services.set_target(
            actor=world.officer_a,
            indicator=households,
            place=world.commune_a,
            period=october,
            value=1,
        )


def test_the_agency_sets_a_status_with_a_note_and_its_history(world):
    october = period(world)
    d14 = clause(world, "D1.4")
    client = world.client_for("dost")
    url = f"/tracker/clauses/{d14.pk}/status/?place={world.province.code}&period={october.pk}"
    data = {"status": "in_progress"}
    response = client.post(url, {**data, "note": "Đã phát động tại 56 xã."})
    assert response.status_code == 302
    row = ClauseStatus.objects.get(clause=d14, place=world.province, period=october)
    assert (row.status, row.note, row.set_by) == (
        "in_progress",
        "Đã phát động tại 56 xã.",
        world.dost,
    )
    client.post(url, {**data, "status": "done", "note": "Hoàn thành."})
    row.refresh_from_db()
    assert row.status == "done"
    assert [h.history_change_reason for h in row.history.order_by("history_date")] == [
        "status set",
        "status set",
    ]
    page = client.get(f"/tracker/clauses/{d14.pk}/?period={october.pk}").content.decode()
    assert "Hoàn thành." in page
    # A note is required.
    with pytest.raises(ValidationError):
        services.set_status(
            actor=world.dost,
            clause=d14,
            place=world.province,
            period=october,
            status="late",
            note=" ",
        )


def test_only_the_responsible_agency_reports_on_a_clause(world):
    october = period(world)
    d21 = clause(world, "D2.1")  # the Department of Education's
    d51 = clause(world, "D5.1")  # the Youth Union's
    for persona, owned, other in [("dost", clause(world, "D1.2"), d21), ("youth", d51, d21)]:
        user = getattr(world, persona)
        assert services.may_report(user, owned, world.province)
        assert not services.may_report(user, other, world.province)
        response = world.client_for(persona).post(
            f"/tracker/clauses/{other.pk}/status/?place={world.province.code}&period={october.pk}",
            {"status": "done", "note": "x"},
        )
        assert response.status_code == 404
    assert not services.may_report(world.chairman, d51, world.province)
    assert services.may_report(world.province_admin, d21, world.province)
    # A commune's officer reports on the commune's clauses at the commune only.
    d43 = clause(world, "D4.3")
    assert services.may_report(world.officer_a, d43, world.commune_a)
    assert not services.may_report(world.officer_a, d43, world.commune_b)
    assert not services.may_report(world.officer_a, d43, world.province)
    assert not services.may_report(world.dost, d43, world.commune_a)
    with pytest.raises(PermissionDenied):
        services.set_status(
            actor=world.officer_b,
            clause=d43,
            place=world.commune_a,
            period=october,
            status="done",
            note="x",
        )


def test_a_hand_figure_with_evidence(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    october = period(world)
    d45 = clause(world, "D4.5")
    items = d45.indicators.get()
    client = world.client_for("officer_a")
    response = client.post(
        f"/tracker/clauses/{d45.pk}/figure/?place={world.commune_a.code}&period={october.pk}",
        {
            "indicator": items.pk,
            "value": 12,
            "note": "Đài truyền thanh xã",
            "evidence_title": "Sổ tin bài tháng 10",
            "file": SimpleUploadedFile("so.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    figure = HandFigure.objects.get(indicator=items, place=world.commune_a, period=october)
    assert figure.value == 12
    evidence = Evidence.objects.get(figure=figure)
    assert client.get(f"/tracker/evidence/{evidence.pk}/").status_code == 200
    assert world.client_for("officer_b").get(f"/tracker/evidence/{evidence.pk}/").status_code == 404
    assessed = Assessor(october, date(2026, 10, 20)).assess(d45, world.commune_a)
    assert [f.value for f in assessed.figures] == [12]
    assert assessed.status == Status.IN_PROGRESS
    # A file that is not a photo or a PDF is refused; a computed figure is not typed in.
    with pytest.raises(ValidationError):
        services.enter_figure(
            actor=world.officer_a,
            indicator=items,
            place=world.commune_a,
            period=october,
            value=1,
            upload=SimpleUploadedFile("x.exe", b"MZ" + b"\x00" * 40),
        )
    with pytest.raises(ValidationError):
        services.enter_figure(
            actor=world.officer_a,
            indicator=clause(world, "D4.3").indicators.first(),
            place=world.commune_a,
            period=october,
            value=1,
        )


def test_the_province_adds_periods(world):
    directive(world)
    client = world.client_for("province_admin")
    response = client.post("/tracker/periods/", {"kind": "quarter", "within": "2026-11-05"})
    assert response.status_code == 302
    from tocds.tracker.models import Period

    quarter = Period.objects.get(kind="quarter")
    assert (quarter.starts_on, quarter.ends_on) == (date(2026, 10, 1), date(2026, 12, 31))
    again = client.post("/tracker/periods/", {"kind": "quarter", "within": "2026-12-31"})
    assert again.status_code == 200 and Period.objects.filter(kind="quarter").count() == 1
    assert (
        world.client_for("dost")
        .post("/tracker/periods/", {"kind": "month", "within": "2026-11-05"})
        .status_code
        == 404
    )
    assert services.period_bounds("half", date(2026, 8, 1)) == (
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    assert services.period_bounds("month", date(2028, 2, 10)) == (
        date(2028, 2, 1),
        date(2028, 2, 29),
    )


def test_the_clause_page_and_its_chart(world):
    some_visits(world)
    october = period(world)
    d43 = clause(world, "D4.3")
    Target.objects.create(
        indicator=d43.indicators.get(code="ho-duoc-den"),
        period=october,
        place=world.commune_a,
        value=8,
    )
    client = world.client_for("officer_a")
    page = client.get(f"/tracker/clauses/{d43.pk}/?period={october.pk}")
    assert page.status_code == 200
    indicator = d43.indicators.get(code="ho-duoc-den")
    chart = client.get(
        f"/tracker/clauses/{d43.pk}/chart/{indicator.pk}.svg"
        f"?place={world.commune_a.code}&period={october.pk}"
    )
    assert chart.status_code == 200
    assert chart["Content-Type"].startswith("image/svg+xml")
    assert "<svg" in chart.content.decode()
