"""Security basics: headers on every response, deploy checks, hashing, no phone numbers in logs."""

import logging
import os
import re
import subprocess
import sys

import pytest

from tocds import settings as project_settings
from tocds.conftest import World

pytestmark = pytest.mark.django_db

PHONE_PATTERN = re.compile(r"(\+84|\b0)\d[\d .]{7,12}\d")


@pytest.mark.parametrize("path", ["/", "/places/search/?q=hoa", "/accounts/login/", "/teams/"])
def test_security_headers_on_every_response(world: World, path: str):
    response = world.client_for("officer_a").get(path)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style(world: World):
    page = world.client_for("province_admin").get(f"/teams/{world.team_a.pk}/").content.decode()
    assert "<script>" not in page and "<style" not in page
    assert " style=" not in page and " onclick=" not in page


def test_passwords_are_hashed_with_argon2_outside_tests():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "TOCDS_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "HTTPS": "1",
        "ALLOWED_HOSTS": "tocds.example.vn",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-the-check",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "tocds", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_a_malformed_boolean(monkeypatch):
    assert project_settings.env_bool("X_UNSET_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(Exception, match="boolean"):
        project_settings.env_bool("X_FLAG", False)


def test_no_phone_number_reaches_the_logs(world: World, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.INFO)  # SQL params are not logs
    client = world.client_for("officer_a")
    client.post(
        f"/teams/{world.team_a.pk}/members/new/",
        {"full_name": "Bế Thị Mẫu", "phone": "0912 777 888", "role": "member"},
    )
    client.post(
        f"/teams/{world.team_a.pk}/members/new/",
        {"full_name": "Sai Số", "phone": "0912 77", "role": "member"},
    )
    client.get("/places/search/", {"q": "0912777888"})
    for login in ("0912 777 999", "0900 000 001"):
        from django.test import Client

        Client().post("/accounts/login/", {"username": login, "password": "wrong"})
        Client().post(
            "/api/v1/auth/token",
            {"username": login, "password": "wrong"},
            content_type="application/json",
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert PHONE_PATTERN.findall(logged) == []


def test_interface_is_vietnamese_whatever_the_browser_says_until_english_is_chosen(world: World):
    from django.test import Client

    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    assert client.get("/accounts/login/")["Content-Language"] == "vi"
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert client.get("/accounts/login/")["Content-Language"] == "en"


def test_check_deploy_warns_when_the_secret_key_is_not_configured(tmp_path):
    env = {**os.environ, "TOCDS_VAR_DIR": str(tmp_path), "DEBUG": "0", "HTTPS": "1"}
    env.pop("SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "tocds", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "tocds.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "path",
    [
        "/places/search/?q=a%00b",
        "/api/v1/places?q=a%00b",
        "/api/v1/places?parent=0%004",
        "/teams/?q=a%00b",
        "/places/01654%00/",
        "/users/?q=a%00",
    ],
)
def test_nul_characters_are_refused_not_a_server_error(world: World, path: str):
    assert world.client_for("province_admin").get(path).status_code == 400


def test_nul_characters_in_a_json_body_are_refused(world: World):
    from django.test import Client

    response = Client().post(
        "/api/v1/auth/token",
        '{"username": "a\\u0000b", "password": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 400
