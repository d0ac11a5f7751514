from django.core.management.base import BaseCommand, CommandError

from tocds.demo.base import DEMO_PASSWORD
from tocds.demo.load import load_demo
from tocds.demo.people import DEMO_USERS


class Command(BaseCommand):
    help = "Load Cao Bằng demo data (sample hamlets, teams, members, demo logins). Re-runnable."

    def handle(self, *args, **options):
        try:
            summary = load_demo()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Demo data: {summary}")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        width = max(len(username) for username, *_rest in DEMO_USERS) + 1
        for username, full_name, _role, _place in DEMO_USERS:
            self.stdout.write(f"  {username:{width}} {full_name}")
