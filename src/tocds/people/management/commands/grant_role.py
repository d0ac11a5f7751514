from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tocds.people.models import Role, RoleGrant
from tocds.people.scoping import GRANTABLE_LEVELS
from tocds.places.models import Place


class Command(BaseCommand):
    help = "Give a user a role on a place (bootstraps the first province administrator)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("place_code", help="official code, e.g. 04 for Cao Bằng")

    def handle(self, *args, username: str, role: str, place_code: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}; create it with `tocds createsuperuser`.")
        place = Place.objects.current().filter(code=place_code).first()
        if place is None:
            raise CommandError(f"No current place with code {place_code!r}; run load_places.")
        if place.level not in GRANTABLE_LEVELS.get(role, ()):
            raise CommandError(
                f"{role} is granted on a place of level {', '.join(GRANTABLE_LEVELS[role])}, "
                f"not on {place.level}."
            )
        grant, created = RoleGrant.objects.get_or_create(
            user=user, role=role, place=place, revoked_at=None
        )
        self.stdout.write(("Granted" if created else "Already granted") + f": {grant}")
