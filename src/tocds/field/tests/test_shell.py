"""The field app's shell page, manifest, service worker and session probe, through HTTP."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tocds.conftest import World
from tocds.field import services


def _json_block(html: str, element_id: str) -> str:
    pattern = rf'id="{element_id}" type="application/json">(.*?)</script>'
    return re.search(pattern, html).group(1)


def test_shell_needs_sign_in(world: World):
    response = Client().get("/field/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/field/")


def test_shell_is_refused_to_users_who_cannot_record_visits(world: World):
    assert world.client_for("officer_a").get("/field/").status_code == 404


def test_shell_is_vietnamese_with_texts_and_config_as_data_not_scripts(world: World):
    response = world.client_for("member").get("/field/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Gửi ngay" in html or "Send now" in html  # until the lead merges the catalogue
    config = json.loads(_json_block(html, "field-config"))
    assert config["user"] == world.member.pk
    assert config["urls"]["sync"] == "/api/v1/sync/visits"
    assert config["csrf"]
    texts = json.loads(_json_block(html, "field-text"))
    assert "%(count)s" in texts["badge"]
    # No inline script or style: every <script> either has a src or is JSON data.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in html and "<style" not in html
    assert 'rel="manifest" href="/field/manifest.webmanifest"' in html
    # The page carries a CSRF token: the browser's HTTP cache must not keep it.
    assert "no-store" in response["Cache-Control"]


def test_consent_box_is_never_pre_ticked(world: World):
    html = world.client_for("member").get("/field/").content.decode()
    consent = re.search(r'<input[^>]*id="f-consent"[^>]*>', html).group(0)
    assert "checked" not in consent


def test_manifest_describes_an_installable_app_under_field(world: World):
    response = Client().get("/field/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert (body["start_url"], body["scope"]) == ("/field/", "/field/")
    assert body["display"] == "standalone"
    assert body["lang"] == "vi"
    assert {icon["purpose"] for icon in body["icons"]} == {"any", "maskable"}
    for icon in body["icons"]:
        assert icon["type"] == "image/svg+xml"
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_service_worker_is_javascript_never_cached_and_precaches_the_shell(world: World):
    response = Client().get("/field/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    script = response.content.decode()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", script).group(1))
    assert "/field/" in precache
    assert "/field/manifest.webmanifest" in precache
    for name in services.ASSETS:
        assert any(url.endswith(name) for url in precache), name
    assert '"tocds-field-" + VERSION' in script
    assert services.shell_version() in script


def test_service_worker_version_changes_when_an_asset_changes(world: World, monkeypatch):
    before = services._compute_version()
    real = services._asset_bytes
    monkeypatch.setattr(
        services,
        "_asset_bytes",
        lambda name: real(name) + (b"/* new */" if name == "field/field.js" else b""),
    )
    assert services._compute_version() != before


def test_session_probe_gives_a_fresh_token_or_401_json(world: World):
    response = world.client_for("leader").get("/field/session")
    assert response.status_code == 200
    assert response.json()["user"] == world.leader.pk
    assert response.json()["csrf"]
    anonymous = Client().get("/field/session")
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/field/", "/field/sw.js", "/field/manifest.webmanifest"])
def test_only_get(world: World, url: str):
    assert world.client_for("member").post(url).status_code in (403, 405)


def test_site_pages_install_the_field_worker_for_team_members_only(world: World):
    """Every page of the site registers the field app's worker for a team member (a static
    script, the worker's URL in data attributes: no inline script), so /field/ opens offline
    even if it was never opened online; an officer with no team gets nothing of it."""
    for persona, page in (("leader", "/"), ("member", "/learning/")):
        html = world.client_for(persona).get(page).content.decode()
        tag = re.search(r'<script[^>]*src="[^"]*field/register\.js"[^>]*>', html).group(0)
        assert 'data-worker="/field/sw.js"' in tag and 'data-scope="/field/"' in tag
        assert finders.find("field/register.js")
    assert "register.js" not in world.client_for("officer_a").get("/").content.decode()
