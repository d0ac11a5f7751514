"""The service catalogue: seeded, read by everyone signed in, changed by the province admin."""

import pytest

from tocds.campaigns.models import Service
from tocds.conftest import World
from tocds.core.skills import Skill

pytestmark = pytest.mark.django_db


def test_catalogue_is_seeded_with_services_of_every_skill():
    skills = set(Service.objects.values_list("skill", flat=True))
    assert skills == set(Skill.values)
    assert Service.objects.get(code="vneid-register").skill == Skill.PUBLIC_SERVICES
    assert Service.objects.get(code="vietqr").name == "Thanh toán bằng mã VietQR"


def test_team_member_reads_the_catalogue_grouped_by_skill(world: World):
    response = world.client_for("member").get("/campaigns/services/")
    labels = [label for label, _items in response.context["groups"]]
    assert labels[0] == "Sử dụng dịch vụ công trực tuyến"
    assert "Thanh toán bằng mã VietQR" in response.content.decode()


def test_province_admin_adds_renames_and_retires_a_service(world: World):
    admin = world.client_for("province_admin")
    response = admin.post(
        "/campaigns/services/new/",
        {"name": "Khai báo y tế điện tử", "skill": "platforms", "position": 5, "is_active": "on"},
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Khai báo y tế điện tử")
    assert service.code == "khai-bao-y-te-dien-tu"
    admin.post(
        f"/campaigns/services/{service.pk}/",
        {"name": "Khai báo y tế trực tuyến", "skill": "platforms", "position": 5},
    )
    service.refresh_from_db()
    assert (service.name, service.is_active) == ("Khai báo y tế trực tuyến", False)
    member_view = world.client_for("member").get("/campaigns/services/").content.decode()
    assert "Khai báo y tế trực tuyến" not in member_view
    page = admin.get(f"/campaigns/services/{service.pk}/").content.decode()
    assert "Khai báo y tế điện tử → Khai báo y tế trực tuyến" in page


def test_names_are_unique_ignoring_diacritics(world: World):
    response = world.client_for("province_admin").post(
        "/campaigns/services/new/",
        {"name": "thanh toan bang ma vietqr", "skill": "payment", "position": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_api_gives_the_field_app_the_offered_services(world: World):
    Service.objects.filter(code="vssid").update(is_active=False)
    response = world.client_for("leader").get("/api/v1/services")
    codes = [s["code"] for s in response.json()]
    assert "vneid-register" in codes and "vssid" not in codes
