"""What a gunicorn worker does when it loads `tocds.wsgi`, before its first request."""

import os
import subprocess
import sys
import time

from tocds.core.management.commands.serve import run_together

PROBE = """
import gc, sys
import tocds.wsgi
print("tocds.visits.views" in sys.modules, "tocds.training.views" in sys.modules)
print(gc.get_freeze_count() > 0)
"""


def test_a_worker_loads_every_view_and_freezes_them_before_its_first_request(tmp_path):
    env = {**os.environ, "TOCDS_VAR_DIR": str(tmp_path), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]


def test_serve_with_the_worker_stops_both_when_one_stops():
    """`tocds serve --worker` (make run): when either child ends, the other is stopped too."""
    started = time.monotonic()
    code = run_together(
        [sys.executable, "-c", "import time; time.sleep(0.5)"],  # the web server quits
        [sys.executable, "-c", "import time; time.sleep(60)"],  # the worker would run on
    )
    assert code == 0
    assert time.monotonic() - started < 20
