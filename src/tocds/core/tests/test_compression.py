"""What a phone receives is compressed: dynamic pages, JSON, SVG charts, the service worker and
the manifest with gzip; static files pre-compressed with brotli and gzip."""

import gzip

import pytest
from django.test import Client

from tocds.conftest import World


def _gzipped(client: Client, path: str):
    response = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200, path
    return response


@pytest.mark.parametrize(
    "path",
    ["/field/", "/field/sw.js", "/field/manifest.webmanifest", "/teams/", "/api/v1/teams"],
)
def test_dynamic_answers_go_out_gzipped(world: World, path):
    client = world.client_for("leader" if path.startswith("/field") else "province_admin")
    response = _gzipped(client, path)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content)  # a valid gzip body


def test_the_campaign_dashboard_shrinks_to_less_than_half(world: World):
    client = world.client_for("province_admin")
    path = f"/progress/{world.campaign_all.pk}/"
    plain = client.get(path)
    packed = _gzipped(client, path)
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 2


def test_a_client_that_asks_for_no_compression_gets_none(world: World):
    response = world.client_for("province_admin").get("/teams/")
    assert "Content-Encoding" not in response


def test_static_files_are_pre_compressed_with_brotli_and_gzip(tmp_path):
    from whitenoise.compress import Compressor

    source = tmp_path / "site.css"
    source.write_text("body { margin: 0; }\n" * 200)
    written = list(Compressor(quiet=True).compress(str(source)))
    assert {path.rsplit(".", 1)[1] for path in written} == {"gz", "br"}
