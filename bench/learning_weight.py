"""First-load transfer of a public lesson page: HTML + CSS + JS + pictures, what a phone
downloads the first time it opens a lesson (the goal: under 150 KB).

Loads the repository's content (`src/tocds/learning/content/`, or the tests' small tree when it
is not there yet), renders every published lesson and reports the heaviest. Static files are
counted gzip-compressed (level 9, as whitenoise's compressor writes them); the page and the
pictures are dynamic responses, counted as sent (Django adds no compression) and, for
reference, gzipped. Run: `.venv/bin/python bench/learning_weight.py`."""

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocds.settings")
os.environ.setdefault("TOCDS_VAR_DIR", tempfile.mkdtemp(prefix="tocds-learning-weight-"))
os.environ.setdefault("DEBUG", "1")  # static files from the app folders, no collectstatic

BUDGET = 150 * 1024


def main() -> None:
    import django

    django.setup()
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.test import Client

    from tocds.learning.content import DEFAULT_PATH, load_content
    from tocds.learning.models import Lesson
    from tocds.learning.tests.conftest import FIXTURE

    call_command("migrate", verbosity=0)
    source = DEFAULT_PATH if DEFAULT_PATH.is_dir() else FIXTURE
    load_content(source)
    client = Client(HTTP_HOST="127.0.0.1")
    static_sizes: dict[str, tuple[int, int]] = {}
    heaviest = None
    lessons = Lesson.objects.filter(published__isnull=False).select_related("skill")
    for lesson in lessons:
        url = f"/learn/{lesson.skill.code}/{lesson.code}/"
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content
        rows = [(url, len(html), len(gzip.compress(html, 9)), len(html))]
        page = html.decode()
        for asset in re.findall(r'(?:href|src)="/static/([^"]+)"', page):
            if asset not in static_sizes:
                body = Path(finders.find(asset)).read_bytes()
                static_sizes[asset] = (len(body), len(gzip.compress(body, 9)))
            raw, gz = static_sizes[asset]
            rows.append((f"/static/{asset}", raw, gz, gz))
        for picture in sorted(set(re.findall(r'<img src="(/learn/pictures/[^"]+)"', page))):
            body = client.get(picture).content
            rows.append((picture.split("?")[0], len(body), len(gzip.compress(body, 9)), len(body)))
        total = sum(r[3] for r in rows)
        if heaviest is None or total > heaviest[0]:
            heaviest = (total, rows)
    if heaviest is None:
        print("no published lesson")
        return
    total, rows = heaviest
    print(f"content: {source} ({lessons.count()} lessons); the heaviest lesson page:")
    print(f"{'resource':46} {'raw':>7} {'gzip':>7} {'sent':>7}")
    for url, raw, gz, sent in rows:
        print(f"{url[:46]:46} {raw:7} {gz:7} {sent:7}")
    print(
        f"{'first load (page + CSS + JS + pictures)':46} {sum(r[1] for r in rows):7} "
        f"{sum(r[2] for r in rows):7} {total:7}"
    )
    print(f"budget {BUDGET} bytes: {'met' if total < BUDGET else 'NOT MET'}")


if __name__ == "__main__":
    main()
