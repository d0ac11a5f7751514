"""Sample teams with clearly fictitious members, and the demo accounts linked to two of them."""

import random
from datetime import date

from tocds.demo.base import DemoSummary
from tocds.people.models import Gender, Organisation, Person
from tocds.places.models import Place
from tocds.teams.models import AffiliationKind, Membership, Team, TeamRole
from tocds.teams.services import MemberDetails, add_member, create_team

_FAMILY = ("Nông", "Hoàng", "Lục", "Bế", "Đàm", "Lương", "Triệu", "Nguyễn", "Lý", "Hà")
_MIDDLE = {Gender.MALE: ("Văn", "Đức", "Minh"), Gender.FEMALE: ("Thị", "Thu", "Ngọc")}
_GIVEN = ("Mẫu", "Thử", "Demo")


def _phone(serial: int) -> str:
    """Fictitious numbers 0900 00x xxx: valid in form, obviously not anyone's."""
    return f"+8490000{serial:04d}"


def load_team_with_members(
    *,
    actor,
    place: Place,
    rng: random.Random,
    serial: list[int],
    enterprises: list[Organisation],
    summary: DemoSummary,
    size: int,
) -> Team:
    """The active team of `place` (created if missing) with `size` sample members; `serial`
    numbers the members' phones across teams."""
    # Every random draw happens whether or not the row exists, so re-runs draw the same values.
    decision_number = f"{rng.randint(10, 300)}/QĐ-UBND"
    decision_date = date(2024, rng.randint(1, 9), rng.randint(1, 28))
    team = Team.objects.active().filter(place=place).first()
    if team is None:
        team = create_team(
            actor=actor,
            place=place,
            name=f"Tổ CĐS {place.name}",
            decision_number=decision_number,
            decision_date=decision_date,
            is_sample=True,
        )
        summary.teams += 1
    for index in range(size):
        serial[0] += 1
        phone = _phone(serial[0])
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        kinds: list[str] = []
        if rng.random() < 0.45:
            kinds.append(AffiliationKind.YOUTH_UNION)
        if index == 1:
            kinds.append(AffiliationKind.HAMLET_HEAD)
        if index == 2:
            kinds.append(AffiliationKind.POLICE)
        enterprise = None
        if rng.random() < 0.15:
            kinds.append(AffiliationKind.ENTERPRISE)
            enterprise = rng.choice(enterprises)
        full_name = (
            f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE[gender])} {rng.choice(_GIVEN)} {serial[0]}"
        )
        birth_year = rng.randint(1965, 2006)
        if Person.objects.filter(phone=phone).exists():
            continue
        add_member(
            actor=actor,
            team=team,
            details=MemberDetails(
                full_name=full_name,
                phone=phone,
                gender=gender,
                birth_year=birth_year,
                role=TeamRole.LEADER if index == 0 else TeamRole.MEMBER,
                affiliations=tuple(kinds),
                enterprise=enterprise,
            ),
            joined_on=team.decision_date or date(2024, 10, 1),
            is_sample=True,
        )
        summary.members += 1
    return team


def link_account(user, team: Team, role: str) -> None:
    """Attach a demo account to the first active member of `team` with `role`."""
    if Person.objects.filter(user=user).exists():
        return
    membership = (
        Membership.objects.active()
        .filter(team=team, role=role, person__user__isnull=True)
        .order_by("pk")
        .first()
    )
    membership.person.user = user
    membership.person.save(update_fields=["user"])
