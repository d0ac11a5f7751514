"""Demo accounts, their role grants and the sample organisations."""

from django.contrib.auth import get_user_model

from tocds.core.text import fold
from tocds.demo.base import COMMUNE_A, COMMUNE_B, DEMO_PASSWORD, PROVINCE, DemoSummary
from tocds.people.models import Organisation, OrganisationKind, Role, RoleGrant
from tocds.places.models import Place

DEMO_USERS = (
    ("demo-province", "Quản trị tỉnh (mẫu)", Role.PROVINCE_ADMIN, PROVINCE),
    ("demo-commune-a", "Cán bộ xã A (mẫu)", Role.COMMUNE_OFFICER, COMMUNE_A),
    ("demo-commune-b", "Cán bộ xã B (mẫu)", Role.COMMUNE_OFFICER, COMMUNE_B),
    ("demo-leader", "Tổ trưởng (mẫu)", None, None),
    ("demo-member", "Thành viên (mẫu)", None, None),
    # The school programme's logins; their grants name an organisation (tocds.demo.schools).
    ("demo-teacher", "Giáo viên trường THCS (mẫu)", None, None),
    ("demo-education", "Cán bộ Sở Giáo dục và Đào tạo (mẫu)", None, None),
    # Recognition (movements and honours); their grants name the organisation they act for.
    ("demo-youth", "Cán bộ Tỉnh đoàn (mẫu)", Role.YOUTH_OFFICER, PROVINCE),
    ("demo-dost", "Cán bộ Sở Khoa học và Công nghệ (mẫu)", Role.AGENCY_OFFICER, PROVINCE),
    ("demo-home-affairs", "Cán bộ Sở Nội vụ (mẫu)", Role.AGENCY_OFFICER, PROVINCE),
    ("demo-chairman", "Văn phòng UBND tỉnh (mẫu)", Role.APPROVER, PROVINCE),
    # Outreach and partners: an editor of the provincial newspaper, an enterprise's officer.
    ("demo-media", "Biên tập viên Báo Cao Bằng (mẫu)", Role.MEDIA_EDITOR, PROVINCE),
    ("demo-partner", "Cán bộ doanh nghiệp viễn thông (mẫu)", Role.PARTNER_OFFICER, PROVINCE),
)

# The organisation each recognition login acts for: (name, kind) at the province.
DEMO_ORGANISATIONS = {
    "demo-youth": ("Tỉnh đoàn Cao Bằng", OrganisationKind.YOUTH_UNION),
    "demo-dost": ("Sở Khoa học và Công nghệ tỉnh Cao Bằng", OrganisationKind.SCIENCE_AGENCY),
    "demo-home-affairs": ("Sở Nội vụ tỉnh Cao Bằng", OrganisationKind.HOME_AFFAIRS_AGENCY),
    "demo-media": ("Báo Cao Bằng", OrganisationKind.MEDIA),
    "demo-partner": ("Doanh nghiệp viễn thông (mẫu)", OrganisationKind.ENTERPRISE),
}


def _user(username: str, full_name: str, summary: DemoSummary):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        summary.users += 1
    return user


def load_users(summary: DemoSummary) -> dict:
    """Every demo login (username → user), with the grants of those that hold a place role.
    The team roles come with their memberships (`tocds.demo.teams.link_account`)."""
    users = {}
    for username, full_name, role, place_code in DEMO_USERS:
        user = _user(username, full_name, summary)
        users[username] = user
        if role:
            place = Place.objects.current().get(code=place_code)
            named = DEMO_ORGANISATIONS.get(username)
            acting_for = organisation(*named, place) if named else None
            RoleGrant.objects.get_or_create(
                user=user, role=role, place=place, organisation=acting_for, revoked_at=None
            )
    return users


def organisation(name: str, kind: str, place: Place) -> Organisation:
    """The sample organisation of that kind and (folded) name at `place`, created if missing."""
    found = Organisation.objects.filter(kind=kind, place=place, search_name=fold(name)).first()
    return found or Organisation.objects.create(name=name, kind=kind, place=place, is_sample=True)


def load_province_organisations(province: Place) -> list[Organisation]:
    """The province's agencies and two enterprises; returns the enterprises."""
    for name, kind in DEMO_ORGANISATIONS.values():
        organisation(name, kind, province)
    return [
        organisation("Doanh nghiệp bưu chính (mẫu)", OrganisationKind.ENTERPRISE, province),
        organisation("Doanh nghiệp viễn thông (mẫu)", OrganisationKind.ENTERPRISE, province),
    ]


def load_commune_committee(commune: Place) -> Organisation:
    # "UBND xã Hòa An": the kind is lower case inside a name, as administrative usage writes it.
    name = commune.name[:1].lower() + commune.name[1:]
    return organisation(f"UBND {name}", OrganisationKind.COMMUNE_COMMITTEE, commune)
