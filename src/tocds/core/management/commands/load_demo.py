from django.core.management.base import BaseCommand, CommandError

from tocds.core import demo


class Command(BaseCommand):
    help = "Load Cao Bằng demo data (sample hamlets, teams, members, demo logins). Re-runnable."

    def handle(self, *args, **options):
        try:
            summary = demo.load_demo()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Demo data: {summary}")
        self.stdout.write(f"Demo logins (password {demo.DEMO_PASSWORD}):")
        for username, full_name, _role, _place in demo.DEMO_USERS:
            self.stdout.write(f"  {username:16} {full_name}")
