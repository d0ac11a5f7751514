"""Indicators are data: seeded, edited by the province admin, formulas validated on save."""

import pytest
from django.core.exceptions import ValidationError

from tocds.reports import formulas, services
from tocds.reports.models import Indicator, Unit

SEEDED = {
    "households-reached",
    "people-guided",
    "vneid-activated",
    "payment-accounts",
    "ecommerce-accounts",
    "online-dossiers",
    "online-payments",
    "digital-signatures",
    "vneid-confirmed-adults",
    "vneid-confirmed-adults-rate",
    "teams-commune",
    "members-commune",
    "teams-hamlet",
    "members-hamlet",
}


def test_seeded_indicators_are_there_and_their_formulas_are_valid(db):
    assert set(Indicator.objects.values_list("code", flat=True)) == SEEDED
    for indicator in Indicator.objects.all():
        assert formulas.validate(indicator.formula) == indicator.formula
    manual = set(Indicator.objects.filter(formula="").values_list("code", flat=True))
    assert manual == {"digital-signatures", "vneid-confirmed-adults", "vneid-confirmed-adults-rate"}


@pytest.mark.parametrize(
    "formula",
    [
        "households",  # unknown name
        "service_done",  # needs a service code
        "service_done:no-such-service",
        "people_guided:vietqr",  # takes no argument
        "people_guided +",  # empty term
        "people_guided - households_visited",  # only "+" is part of the vocabulary
    ],
)
def test_invalid_formulas_are_refused(db, formula):
    with pytest.raises(ValidationError):
        formulas.validate(formula)


def test_valid_formula_is_normalised(db):
    assert (
        formulas.validate("service_done:bank-account+  service_done : vietqr")
        == "service_done:bank-account + service_done:vietqr"
    )


def _save(world, formula: str, indicator=None):
    return services.save_indicator(
        actor=world.province_admin,
        indicator=indicator,
        code="qr-payments",
        name="Số người thanh toán bằng VietQR",
        unit=Unit.PEOPLE,
        default_target=10,
        position=45,
        formula=formula,
    )


def test_province_admin_adds_an_indicator_and_its_change_is_in_history(world):
    indicator = _save(world, "service_done:vietqr")
    indicator = _save(world, "service_people:vietqr", indicator)
    assert indicator.history.count() == 2
    assert indicator.history.first().history_user == world.province_admin


def test_saving_an_indicator_with_a_bad_formula_changes_nothing(world):
    with pytest.raises(ValidationError) as error:
        _save(world, "service_done:nothing")
    assert "formula" in error.value.error_dict
    assert not Indicator.objects.filter(code="qr-payments").exists()


def test_indicator_form_shows_the_formula_error(world):
    client = world.client_for("province_admin")
    response = client.post(
        "/reports/indicators/new/",
        {
            "code": "x",
            "name": "X",
            "unit": "nguoi",
            "default_target": 0,
            "position": 1,
            "formula": "bogus",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "bogus" in response.content.decode()
    assert not Indicator.objects.filter(code="x").exists()


def test_commune_officers_cannot_edit_indicators(world):
    indicator = Indicator.objects.first()
    client = world.client_for("officer_a")
    assert client.get("/reports/indicators/").status_code == 404
    assert client.post(f"/reports/indicators/{indicator.pk}/", {"name": "x"}).status_code == 404


def test_formula_terms_read_the_figures_and_the_team_registry(world):
    from tocds.reports.tests.helpers import some_visits

    some_visits(world)
    context = formulas.FigureContext(world.campaign_all, [world.commune_a.pk])
    assert formulas.evaluate("households_visited", context) == 4
    assert formulas.evaluate("people_guided", context) == 3 + 2 + 1 + 3
    assert formulas.evaluate("service_done:vneid-register", context) == 2 + 1 + 2
    assert formulas.evaluate("service_follow_up:vietqr", context) == 2
    assert formulas.evaluate("service_done:vneid-register + service_people:vietqr", context) == 7
    assert formulas.evaluate("teams_hamlet", context) == 2  # team_a, team_a2
    assert formulas.evaluate("members_hamlet", context) == 3  # leader, member, the new leader
    assert formulas.evaluate("teams_commune", context) == 0
    province = formulas.FigureContext(world.campaign_all, None)
    assert formulas.evaluate("households_visited", province) == 5
    assert formulas.evaluate("teams_hamlet", province) == 3
