"""Sample outreach (issue 16 §1, §2): items of Báo Cao Bằng logged by its editor (two marked as
the province's public news), loudspeaker broadcasts of commune A by its officer in several
languages, and the province's Digital Transformation Day event with the DX Day course's
sessions, the booths of the two sample enterprises and its items."""

from datetime import timedelta

from django.utils import timezone

from tocds.campaigns.models import Campaign
from tocds.demo.campaigns import DEMO_CAMPAIGN
from tocds.demo.people import DEMO_ORGANISATIONS, organisation
from tocds.initiatives.models import Initiative
from tocds.learning.models import Language
from tocds.outreach import services
from tocds.outreach.models import Event, EventKind
from tocds.people.models import OrganisationKind
from tocds.places.models import Place
from tocds.training.models import Course

DEMO_EVENT = "Ngày Chuyển đổi số tỉnh Cao Bằng (mẫu)"
ENTERPRISES = ("Doanh nghiệp bưu chính (mẫu)", "Doanh nghiệp viễn thông (mẫu)")


def load_outreach(*, province: Place, commune_a: Place, users: dict) -> Event | None:
    """Idempotent: nothing is added when the sample event exists."""
    if Event.objects.filter(name=DEMO_EVENT).exists():
        return None
    today = timezone.localdate()
    languages = {language.code: language for language in Language.objects.all()}
    newspaper = organisation(*DEMO_ORGANISATIONS["demo-media"], province)
    science = organisation(*DEMO_ORGANISATIONS["demo-dost"], province)
    loudspeaker = organisation(
        f"Đài truyền thanh {commune_a.name[:1].lower()}{commune_a.name[1:]}",
        OrganisationKind.COMMUNE_COMMITTEE,
        commune_a,
    )
    campaign = Campaign.objects.filter(name=DEMO_CAMPAIGN).first()
    # The DX Day course of the training demo moves under the event: its sessions are linked.
    course = Course.objects.filter(dx_day=True, is_sample=True).order_by("pk").first()
    sessions = tuple(course.sessions.order_by("starts_at")) if course else ()
    last_day = max([today, *(timezone.localdate(session.starts_at) for session in sessions)])
    event = services.save_event(
        actor=users["demo-province"],
        event=None,
        details=services.EventDetails(
            name=DEMO_EVENT,
            kind=EventKind.DX_DAY,
            starts_on=today - timedelta(days=2),
            ends_on=last_day,
            place=province,
            organiser=science,
            description=(
                "Chuỗi hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia 10/10: tập huấn an toàn "
                "thông tin cho Tổ CĐS cộng đồng, ra quân hướng dẫn người dân tại từng thôn, "
                "gian hàng của doanh nghiệp viễn thông và bưu chính."
            ),
            is_public=True,
            sessions=sessions,
        ),
    )
    for name in ENTERPRISES:
        services.add_booth(
            actor=users["demo-province"],
            event=event,
            organisation=organisation(name, OrganisationKind.ENTERPRISE, province),
            note="Hướng dẫn cài đặt VNeID, chuẩn hóa thông tin thuê bao, mở tài khoản số.",
        )

    def log(actor, outlet, place, title, kind, days_ago, language, **extra):
        return services.save_item(
            actor=users[actor],
            item=None,
            details=services.ItemDetails(
                kind=kind,
                outlet=outlet,
                title=title,
                published_on=today - timedelta(days=days_ago),
                place=place,
                language=languages[language],
                **extra,
            ),
        )

    hamlets = tuple(Place.objects.current().filter(parent=commune_a).order_by("code")[:2])
    news = [
        log(
            "demo-media",
            newspaper,
            province,
            "Cao Bằng ra quân hưởng ứng Ngày Chuyển đổi số (mẫu)",
            "news",
            1,
            "vi",
            summary="Các Tổ công nghệ số cộng đồng đồng loạt hướng dẫn người dân cài VNeID.",
            link="https://example.invalid/bao-cao-bang/ngay-chuyen-doi-so",
            reach=4200,
            reach_unit="views",
            event=event,
            campaign=campaign,
        ),
        log(
            "demo-media",
            newspaper,
            commune_a,
            "Xã Hòa An: chợ phiên không dùng tiền mặt (mẫu)",
            "report",
            4,
            "vi",
            summary="Phóng sự về tiểu thương thanh toán bằng mã QR.",
            places=hamlets,
            reach=1800,
            reach_unit="views",
            initiative=Initiative.objects.filter(commune=commune_a).order_by("pk").first(),
        ),
    ]
    log(
        "demo-media",
        newspaper,
        province,
        "Video: cách nhận diện cuộc gọi lừa đảo (mẫu)",
        "video",
        6,
        "tyz",
        reach=950,
        reach_unit="views",
    )
    for public in news:
        services.set_public(actor=users["demo-dost"], item=public, public=True)
    for days_ago, language, title in (
        (0, "vi", "Loa xã: lịch Tổ CĐS hướng dẫn cài VNeID tại các thôn (mẫu)"),
        (2, "tyz", "Loa xã bằng tiếng Tày: cảnh giác lừa đảo qua điện thoại (mẫu)"),
        (3, "hmn", "Loa xã bằng tiếng H'Mông: thanh toán bằng mã QR (mẫu)"),
    ):
        log(
            "demo-commune-a",
            loudspeaker,
            commune_a,
            title,
            "loudspeaker",
            days_ago,
            language,
            places=hamlets,
            reach=600,
            reach_unit="listeners",
            campaign=campaign,
            event=event if days_ago == 0 else None,
        )
    return event
