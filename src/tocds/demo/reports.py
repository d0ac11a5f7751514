"""Sample results reports of the demo campaign: one accepted, one awaiting the province, one
draft, and a due date, so the province's report page shows every status."""

from datetime import timedelta

from tocds.campaigns.models import Campaign
from tocds.places.models import Place
from tocds.reports import services
from tocds.reports.models import Report


def load_reports(campaign: Campaign, commune_a: Place, commune_b: Place, users: dict) -> None:
    if Report.objects.filter(campaign=campaign).exists():
        return
    province = users["demo-province"]
    services.set_due_date(actor=province, campaign=campaign, due_on=campaign.ends_on + timedelta(7))
    accepted = services.start_report(
        actor=users["demo-commune-a"], campaign=campaign, commune=commune_a
    )
    services.save_report(
        actor=users["demo-commune-a"],
        report=accepted,
        number="15/BC-UBND",
        direction="UBND xã ban hành kế hoạch triển khai chiến dịch, phân công các tổ theo thôn.",
        results="Các tổ đã đến từng hộ, hướng dẫn cài đặt và sử dụng VNeID, thanh toán số.",
        shortcomings="Sóng yếu ở các thôn vùng cao; nhiều hộ chưa có điện thoại thông minh.",
        proposals="Đề nghị doanh nghiệp viễn thông hỗ trợ thiết bị và gói cước cho thành viên tổ.",
        signer_title="CHỦ TỊCH",
        signer_name="Nông Văn An",
        rows={},
    )
    services.transition(actor=users["demo-commune-a"], report=accepted, action="submit")
    services.transition(actor=province, report=accepted, action="accept")
    submitted = services.start_report(
        actor=users["demo-commune-b"], campaign=campaign, commune=commune_b
    )
    services.transition(actor=users["demo-commune-b"], report=submitted, action="submit")
