import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve tocds with gunicorn (production WSGI server); whitenoise serves static files. "
        "With --worker, also run the background jobs' worker and scheduler (`run_huey`) beside "
        "it, and stop both together (the demo's `make run`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "2"))
        parser.add_argument(
            "--worker",
            action="store_true",
            help="also start the background jobs' worker and scheduler as a child process",
        )

    def handle(self, *args, host: str, port: str, workers: str, worker: bool, **options):
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
        if not worker:
            os.execv(sys.executable, argv)  # noqa: S606 (replaces this process with the server)
        self.stdout.write("Background jobs: worker and scheduler started (run_huey)")
        sys.stdout.flush()
        sys.exit(run_together(argv, [sys.executable, "-m", "tocds", "run_huey"]))


def run_together(web_argv: list[str], worker_argv: list[str]) -> int:
    """Run the web server and the worker until either stops or we are told to stop (Ctrl-C,
    SIGTERM); then stop the other one too. Returns the web server's exit code."""
    web = subprocess.Popen(web_argv)  # noqa: S603 (our own interpreter and arguments)
    jobs = subprocess.Popen(worker_argv)  # noqa: S603
    children = (web, jobs)

    def stop(signum=None, frame=None) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return web.returncode or 0
