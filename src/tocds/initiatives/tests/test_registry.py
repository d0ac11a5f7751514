"""The registry through its pages: scoping, the form, the workflow and the replication mark."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tocds.core.numbers import percent_of
from tocds.initiatives import services
from tocds.initiatives.models import Initiative, Status
from tocds.initiatives.tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def test_officer_proposes_a_model_for_a_hamlet_of_their_commune(world):
    client = world.client_for("officer_a")
    response = client.post(
        "/initiatives/new/",
        {
            "name": "Chợ 4.0 Nà Mẫu",
            "kind": "model",
            "place": world.hamlet_a1.pk,
            "extra_hamlets": [world.hamlet_a2.pk],
            "skills": ["shopping", "payment"],
            "team": world.team_a.pk,
            "people": "Nông Văn Mẫu",
            "starts_on": "2026-10-01",
        },
    )
    initiative = Initiative.objects.get(name="Chợ 4.0 Nà Mẫu")
    assert response.status_code == 302
    assert response["Location"] == f"/initiatives/{initiative.pk}/"
    assert initiative.status == Status.PROPOSED
    assert initiative.commune == world.commune_a
    assert initiative.skill_values == ["shopping", "payment"]
    assert list(initiative.extra_hamlets.all()) == [world.hamlet_a2]
    assert initiative.history.first().history_user == world.officer_a
    page = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    assert "Chợ 4.0 Nà Mẫu" in page
    assert "Thôn Đông Mẫu" in page  # the cluster


def test_officer_cannot_place_a_model_in_another_commune(world):
    client = world.client_for("officer_a")
    response = client.post(
        "/initiatives/new/",
        {
            "name": "Tổ dân phố số",
            "kind": "model",
            "place": world.hamlet_b1.pk,
            "skills": ["payment"],
            "starts_on": "2026-10-01",
        },
    )
    assert response.status_code == 200  # the form again: commune B's hamlet is no choice
    assert not Initiative.objects.exists()


def test_a_cluster_stays_within_one_commune(world):
    with pytest.raises(ValidationError) as refused:
        services.save_initiative(
            actor=world.province_admin,
            initiative=None,
            name="Cụm liên xã",
            kind="model",
            place=world.hamlet_a1,
            extra_hamlets=[world.hamlet_b1],
            skills=["payment"],
            starts_on=date(2026, 10, 1),
        )
    assert "extra_hamlets" in refused.value.message_dict


def test_a_model_serves_at_least_one_skill(world):
    client = world.client_for("officer_a")
    response = client.post(
        "/initiatives/new/",
        {"name": "X", "kind": "model", "place": world.hamlet_a1.pk, "starts_on": "2026-10-01"},
    )
    assert response.status_code == 200
    assert not Initiative.objects.exists()


def test_commune_officer_sees_and_edits_only_their_communes_models(world):
    own = make_initiative(world, commune="a")
    other = make_initiative(world, commune="b")
    client = world.client_for("officer_a")
    listing = client.get("/initiatives/").content.decode()
    assert own.name in listing and other.name not in listing
    assert client.get(f"/initiatives/{other.pk}/").status_code == 404
    assert client.get(f"/initiatives/{other.pk}/edit/").status_code == 404
    response = client.post(f"/initiatives/{other.pk}/status/", {"action": "deploy"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Status.PROPOSED
    response = client.post(
        f"/initiatives/{own.pk}/edit/",
        {
            "name": "Tên mới",
            "kind": "initiative",
            "place": world.commune_a.pk,
            "skills": ["safety"],
            "starts_on": "2026-11-01",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.kind, own.place, own.skills) == (
        "Tên mới",
        "initiative",
        world.commune_a,
        ",safety,",
    )


def test_province_lists_every_commune_filters_and_sees_coverage(world):
    make_initiative(world, commune="a", extra_hamlets=[world.hamlet_a2])
    make_initiative(world, commune="b", skills=["safety"])
    client = world.client_for("province_admin")
    page = client.get("/initiatives/").content.decode()
    assert "Thôn thanh toán không dùng tiền mặt A" in page
    assert "Thôn thanh toán không dùng tiền mặt B" in page
    assert f"2/3 ({percent_of(2, 3)})" in page  # commune A: two of its three hamlets
    assert f"1/1 ({percent_of(1, 1)})" in page  # commune B
    assert percent_of(2, 3).startswith("66,7")
    by_skill = client.get("/initiatives/?skill=safety").content.decode()
    assert "mặt B" in by_skill and "mặt A</a>" not in by_skill
    by_commune = client.get(f"/initiatives/?commune={world.commune_a.code}").content.decode()
    assert "mặt A</a>" in by_commune and "mặt B</a>" not in by_commune
    by_status = client.get("/initiatives/?status=deployed").content.decode()
    assert "mặt A</a>" not in by_status


def _post_action(client, initiative, action):
    return client.post(f"/initiatives/{initiative.pk}/status/", {"action": action})


def test_every_move_of_the_workflow(world):
    initiative = make_initiative(world)
    officer = world.client_for("officer_a")
    province = world.client_for("province_admin")
    steps = [
        (officer, "deploy", Status.DEPLOYED),
        (province, "replicate", Status.REPLICATED),
        (officer, "stop", Status.STOPPED),
        (officer, "resume", Status.DEPLOYED),
        (officer, "stop", Status.STOPPED),
    ]
    for client, action, target in steps:
        assert _post_action(client, initiative, action).status_code == 302
        initiative.refresh_from_db()
        assert initiative.status == target, action
    reasons = [h.history_change_reason for h in initiative.history.order_by("history_date")]
    assert reasons == ["proposed", "deployed", "replicated", "stopped", "resumed", "stopped"]


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.PROPOSED, "replicate"),
        (Status.PROPOSED, "resume"),
        (Status.DEPLOYED, "deploy"),
        (Status.REPLICATED, "deploy"),
        (Status.STOPPED, "stop"),
        (Status.STOPPED, "replicate"),
        (Status.DEPLOYED, "nonsense"),
    ],
)
def test_moves_not_in_the_table_are_refused(world, status, action):
    initiative = make_initiative(world)
    Initiative.objects.filter(pk=initiative.pk).update(status=status)
    response = world.client_for("province_admin").post(
        f"/initiatives/{initiative.pk}/status/", {"action": action}, follow=True
    )
    initiative.refresh_from_db()
    assert initiative.status == status
    assert "Không được chuyển sang trạng thái này." in response.content.decode()


def test_only_the_province_records_a_replication(world):
    initiative = make_initiative(world)
    services.change_status(actor=world.officer_a, initiative=initiative, action="deploy")
    page = world.client_for("officer_a").get(f"/initiatives/{initiative.pk}/").content.decode()
    assert 'value="replicate"' not in page
    _post_action(world.client_for("officer_a"), initiative, "replicate")
    initiative.refresh_from_db()
    assert initiative.status == Status.DEPLOYED


def test_the_province_marks_a_deployed_model_for_replication(world):
    initiative = make_initiative(world)
    url = f"/initiatives/{initiative.pk}/replication/"
    # not while only proposed
    world.client_for("province_admin").post(url, {"marked": "1"})
    initiative.refresh_from_db()
    assert not initiative.marked_for_replication
    services.change_status(actor=world.officer_a, initiative=initiative, action="deploy")
    # a commune officer may not mark (404: they do not hold the review permission)
    assert world.client_for("officer_a").post(url, {"marked": "1"}).status_code == 404
    assert world.client_for("province_admin").post(url, {"marked": "1"}).status_code == 302
    initiative.refresh_from_db()
    assert initiative.marked_for_replication
    # stopping takes the mark off
    services.change_status(actor=world.officer_a, initiative=initiative, action="stop")
    initiative.refresh_from_db()
    assert not initiative.marked_for_replication


def test_public_page_lists_only_marked_models_without_personal_data(world):
    marked = make_initiative(world, people="Nông Văn Mẫu", team=world.team_a)
    make_initiative(world, commune="b", name="Mô hình chưa chọn")
    services.change_status(actor=world.officer_a, initiative=marked, action="deploy")
    services.mark_for_replication(actor=world.province_admin, initiative=marked, marked=True)
    response = world.client_for("anonymous").get("/initiatives/replicate/")
    page = response.content.decode()
    assert response.status_code == 200
    assert marked.name in page and "Xóm Nà Mẫu" in page
    assert "Mô hình chưa chọn" not in page
    assert "Nông Văn Mẫu" not in page
    assert "hộ đã đến" in page


def test_figures_entered_by_hand(world):
    initiative = make_initiative(world)
    client = world.client_for("officer_a")
    response = client.post(
        f"/initiatives/{initiative.pk}/figures/",
        {"label": "Cửa hàng nhận thanh toán QR", "value": "35", "unit": "cửa hàng"},
    )
    assert response.status_code == 302
    page = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    assert "Cửa hàng nhận thanh toán QR: 35 cửa hàng" in page
    figure = initiative.figures.get()
    assert (
        world.client_for("officer_b").post(f"/initiatives/figures/{figure.pk}/remove/").status_code
        == 404
    )
    client.post(f"/initiatives/figures/{figure.pk}/remove/")
    assert not initiative.figures.exists()
