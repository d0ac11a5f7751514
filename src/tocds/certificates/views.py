"""Public verification of certificates: anyone with the code (printed, or in the QR) sees whether
it is valid, revoked (with the reason) or unknown. No sign-in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from tocds.certificates.models import CODE_LENGTH
from tocds.certificates.pdf import certificate_pdf
from tocds.certificates.services import Status, normalise_code, verify


def _private(response: HttpResponse) -> HttpResponse:
    """A revocation shows at once (never cached), and search engines keep out of holders' names."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """The form where a code read from paper is typed."""
    raw = request.GET.get("code", "")
    if raw.strip():
        return redirect("certificates:verify", code=normalise_code(raw)[: CODE_LENGTH + 8] or "-")
    return _private(render(request, "certificates/lookup.html"))


@require_GET
def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    result = verify(code)
    status = 404 if result.status == Status.UNKNOWN else 200
    context = {"result": result, "code": code}
    return _private(render(request, "certificates/verify.html", context, status=status))


def verify_url(request: HttpRequest, certificate) -> str:
    return request.build_absolute_uri(reverse("certificates:verify", args=[certificate.code]))


@require_GET
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF of a valid certificate, for whoever holds its code."""
    result = verify(code)
    if result.status != Status.VALID:
        raise Http404
    certificate = result.certificate
    body = certificate_pdf(certificate, verify_url=verify_url(request, certificate))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-{certificate.code}.pdf"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
