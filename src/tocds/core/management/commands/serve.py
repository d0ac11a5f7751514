import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve tocds with gunicorn (production WSGI server); whitenoise serves static files."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "2"))

    def handle(self, *args, host: str, port: str, workers: str, **options):
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "tocds.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            # Never log query strings: a search may contain a phone number.
            "--access-logformat",
            '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        ]
        self.stdout.write(f"Serving on http://{host}:{port} (debug={settings.DEBUG})")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 (replaces this process with the server)
