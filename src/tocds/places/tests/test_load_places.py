"""The official place lists and the demo data: complete, corrected, and safe to re-run.

The lists are loaded once for the module, inside a transaction rolled back when the module ends
(each test still runs in its own savepoint, so what a test does is undone after it).
"""

import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings

from tocds.people.models import Organisation, Person, RoleGrant, User
from tocds.places.models import Level, Place, Succession
from tocds.teams.models import Affiliation, Membership, Team

pytestmark = pytest.mark.django_db

OLD_END = date(2025, 6, 30)
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_USERS = (
    "demo-province",
    "demo-commune-a",
    "demo-commune-b",
    "demo-leader",
    "demo-member",
    "demo-teacher",
    "demo-education",
    "demo-youth",
    "demo-dost",
    "demo-home-affairs",
    "demo-chairman",
    "demo-media",
    "demo-partner",
)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def places_output(django_db_setup, django_db_blocker) -> str:
    """`load_places --historic` once for the module; what it printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield run("load_places", "--historic")
        finally:
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_output(places_output, django_db_blocker) -> str:
    """`load_demo` once for the module (inside the places transaction); what it printed."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        return run("load_demo")


def snapshot() -> list[tuple]:
    return list(
        Place.objects.order_by("pk").values_list(
            "pk", "code", "name", "level", "kind", "parent_id", "commune_id", "path", "valid_to"
        )
    )


def row_counts() -> dict[str, int]:
    """Rows of every table of the project, the historical tables included."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


# Today's provinces and communes -------------------------------------------------------------


def test_load_places_loads_34_provinces_and_3321_communes(places_output):
    current = Place.objects.current()
    assert current.filter(level=Level.PROVINCE).count() == 34
    assert current.filter(level=Level.COMMUNE).count() == 3321
    assert "created 3355, updated 0, unchanged 0" in places_output


def test_cao_bang_has_53_communes_and_3_wards(places_output):
    cao_bang = Place.objects.current().get(code="04")
    assert (cao_bang.name, cao_bang.level, cao_bang.parent) == ("Cao Bằng", "province", None)
    communes = Place.objects.current().filter(level=Level.COMMUNE, parent=cao_bang)
    assert communes.count() == 56
    assert communes.filter(kind="xa").count() == 53
    assert sorted(communes.filter(kind="phuong").values_list("name", flat=True)) == [
        "Phường Nùng Trí Cao",
        "Phường Thục Phán",
        "Phường Tân Giang",
    ]


def test_every_current_commune_hangs_under_its_province(places_output):
    communes = Place.objects.current().filter(level=Level.COMMUNE).select_related("parent")
    wrong = [
        c.code
        for c in communes
        if c.parent.level != Level.PROVINCE
        or c.path != f"{c.parent.path}{c.code}/"
        or c.commune_id != c.pk
        or c.valid_from != date(2025, 7, 1)
        or not c.source.startswith("vietnam-provinces")
    ]
    assert wrong == []


def test_the_three_name_corrections_are_applied(places_output):
    names = dict(
        Place.objects.current()
        .filter(code__in=["01537", "01558", "01561"])
        .values_list("code", "name")
    )
    assert names == {"01537": "Xã Lý Quốc", "01558": "Xã Hạ Lang", "01561": "Xã Vinh Quý"}


def test_rerunning_load_places_changes_nothing(places_output):
    before, history = snapshot(), Place.history.count()
    output = run("load_places")
    assert "created 0, updated 0, unchanged 3355" in output
    assert snapshot() == before
    assert Place.history.count() == history


def test_a_changed_name_is_put_right_in_place_not_duplicated(places_output):
    commune = Place.objects.current().get(code="01558")
    Place.objects.filter(pk=commune.pk).update(name="Xã Hạ Lang Cũ")
    output = run("load_places")
    assert "created 0, updated 1, unchanged 3354" in output
    assert Place.objects.current().get(code="01558") == commune
    assert Place.objects.get(pk=commune.pk).name == "Xã Hạ Lang"
    assert Place.objects.current().filter(code="01558").count() == 1


# The 2024 tree of Cao Bằng -------------------------------------------------------------------


def test_historic_loads_10_districts_and_161_old_communes_of_cao_bang(places_output):
    old = Place.objects.filter(valid_to__isnull=False)
    assert old.filter(level=Level.DISTRICT).count() == 10
    assert old.filter(level=Level.COMMUNE).count() == 161
    assert set(old.values_list("valid_to", flat=True)) == {OLD_END}
    assert all(path.startswith("/04/") for path in old.values_list("path", flat=True))
    assert "Historic places of 04: created 171, updated 0, unchanged 0" in places_output
    assert "successor links" in places_output


def test_every_old_commune_continues_in_a_current_commune_of_cao_bang(places_output):
    old_communes = Place.objects.filter(valid_to=OLD_END, level=Level.COMMUNE).prefetch_related(
        "successors"
    )
    orphans = [c.code for c in old_communes if not c.successors.exists()]
    assert orphans == []
    successors = {s for c in old_communes for s in c.successors.all()}
    assert all(s.is_current and s.path.startswith("/04/") for s in successors)
    assert all(s.level == Level.COMMUNE for s in successors)


def test_every_current_commune_of_cao_bang_has_a_predecessor(places_output):
    communes = Place.objects.current().filter(level=Level.COMMUNE, parent__code="04")
    without = [c.code for c in communes if not c.predecessors.exists()]
    assert without == []


def test_old_communes_hang_under_their_old_district(places_output):
    old_communes = Place.objects.filter(valid_to=OLD_END, level=Level.COMMUNE).select_related(
        "parent"
    )
    assert {c.parent.level for c in old_communes} == {Level.DISTRICT}
    assert all(c.path == f"{c.parent.path}{c.code}/" for c in old_communes)


def test_rerunning_historic_adds_nothing(places_output):
    before, links = snapshot(), Succession.objects.count()
    output = run("load_places", "--historic")
    assert "Historic places of 04: created 0, updated 0, unchanged 171" in output
    assert "successor links" not in output
    assert snapshot() == before
    assert Succession.objects.count() == links


def test_historic_load_of_a_province_without_data_fails_clearly(places_output):
    with pytest.raises(CommandError, match="No historic data for province 01"):
        run("load_places", "--historic", "--province", "01")


# Demo data ----------------------------------------------------------------------------------


def test_load_demo_twice_changes_no_table(demo_output):
    assert "users 13" in demo_output
    before = row_counts()
    watched = [Place, Team, Membership, Person, User, RoleGrant, Organisation, Affiliation]
    watched += [m.history.model for m in (Place, Team, Membership, Person, RoleGrant, Affiliation)]
    assert all(before[model._meta.label] > 0 for model in watched)
    output = run("load_demo")
    assert "new sample hamlets 0, teams 0, members 0, users 0" in output
    assert row_counts() == before


def test_demo_users_exist_and_sign_in(demo_output):
    usernames = User.objects.filter(username__startswith="demo-").values_list("username")
    assert sorted(name for (name,) in usernames) == sorted(DEMO_USERS)
    for username in DEMO_USERS:
        client = Client()
        credentials = {"username": username, "password": "tocds-demo"}
        response = client.post("/accounts/login/", credentials)
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


def test_demo_users_hold_their_roles(demo_output):
    grants = {
        (g.user.username, g.role, g.place.code)
        for g in RoleGrant.objects.active().select_related("user", "place")
    }
    assert grants >= {
        ("demo-province", "province_admin", "04"),
        ("demo-commune-a", "commune_officer", "01654"),
        ("demo-commune-b", "commune_officer", "01273"),
    }
    leader = Membership.objects.active().get(person__user__username="demo-leader")
    member = Membership.objects.active().get(person__user__username="demo-member")
    assert (leader.role, member.role) == ("leader", "member")
    assert leader.team == member.team
    assert leader.team.is_sample


def test_demo_data_is_marked_as_sample(demo_output):
    assert Team.objects.count() == Team.objects.filter(is_sample=True).count() > 0
    assert Person.objects.count() == Person.objects.filter(is_sample=True).count() > 0
    hamlets = Place.objects.filter(level=Level.HAMLET)
    assert hamlets.count() == hamlets.filter(is_sample=True).count() > 0


def test_demo_has_training_plans_and_a_session_running_now(demo_output):
    from django.utils import timezone

    from tocds.training.models import Completion, Enrolment, Session, TrainingPlan

    assert TrainingPlan.objects.count() == 2
    now = timezone.now()
    running = Session.objects.get(starts_at__lte=now, ends_at__gte=now)
    assert running.trainer.username == "demo-leader"
    held = Session.objects.filter(ends_at__lt=now).get()
    attended = Enrolment.objects.filter(session=held, attended=True).count()
    assert 0 < attended < held.enrolled_count
    assert Enrolment.objects.filter(session=held, rating__isnull=False).exists()
    assert not Completion.objects.exists()  # the course's second session is still running


def test_demo_province_report_covers_every_commune_with_reports_in_several_statuses(demo_output):
    from tocds.campaigns.models import Campaign
    from tocds.campaigns.queries import covered_communes
    from tocds.demo.campaigns import DEMO_CAMPAIGN

    campaign = Campaign.objects.get(name=DEMO_CAMPAIGN)
    client = Client()
    client.post("/accounts/login/", {"username": "demo-province", "password": "tocds-demo"})
    page = client.get(f"/reports/campaigns/{campaign.pk}/")
    consolidation = page.context["consolidation"]
    assert consolidation.expected == covered_communes(campaign).count() >= 50
    assert {line.status for line in consolidation.lines} >= {"", "accepted", "submitted"}
    households = next(r for r in consolidation.rows if r.indicator.code == "households-reached")
    dash = client.get(f"/progress/{campaign.pk}/").context["dash"]
    assert (households.target, households.value) == (1500, dash.total.visits)
    assert households.accepted and households.accepted < households.value


def test_demo_has_a_sample_model_with_results_on_the_public_page(demo_output):
    from tocds.initiatives.models import Initiative
    from tocds.initiatives.results import results_for

    initiative = Initiative.objects.get(name__endswith="(mẫu)")
    assert initiative.commune.code == "01654"
    assert initiative.status == "deployed" and initiative.marked_for_replication
    assert results_for(initiative).households > 0
    page = Client().get("/initiatives/replicate/").content.decode()
    assert initiative.name in page


def test_demo_has_a_running_movement_ranked_from_the_visits_and_a_closed_one(demo_output):
    from tocds.demo.movements import DEMO_CLOSED, DEMO_RUNNING
    from tocds.movements.models import Movement, Standing
    from tocds.movements.rankings import ranking_for

    running = Movement.objects.get(name=DEMO_RUNNING)
    assert running.status == "running"
    ranking = ranking_for(running)
    assert {g.kind for g in ranking.groups} == {"team", "individual"}
    assert ranking.groups[0].rows[0].score > 0  # computed from the demo's visits
    closed = Movement.objects.get(name=DEMO_CLOSED)
    assert closed.status == "closed"
    assert Standing.objects.filter(movement=closed).count() == closed.participants.count() > 0
    client = Client()
    client.post("/accounts/login/", {"username": "demo-youth", "password": "tocds-demo"})
    assert f'href="/movements/{running.pk}/"' in client.get("/").content.decode()
    board = Client().get(f"/movements/{running.pk}/leaderboard/").content.decode()
    assert "Cá nhân (không công khai tên)" in board
