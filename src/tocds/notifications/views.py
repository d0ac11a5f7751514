from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tocds.notifications import queries, services
from tocds.notifications.forms import PreferenceForm
from tocds.notifications.models import Notification

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    form = PreferenceForm(initial={"delivery": services.delivery_of(request.user)})
    context = {
        "page": page,
        "form": form,
        "has_email": bool(request.user.email),
        "unread": queries.unread_count(request.user),
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = queries.get_notification_for_user(request.user, pk)
    services.mark_read(actor=request.user, notification=notification)
    link = notification.link
    if request.POST.get("open") and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(actor=request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.set_preference(actor=request.user, delivery=form.cleaned_data["delivery"])
        messages.success(request, _("Your choice is saved."))
    else:
        messages.error(request, _("Choose one of the options."))
    return redirect("notifications:list")


@login_required
def job_problems(request: HttpRequest) -> HttpResponse:
    include_recovered = request.GET.get("all") == "1"
    problems = queries.job_problems(request.user, include_recovered=include_recovered)
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/jobs.html",
        {"page": page, "include_recovered": include_recovered},
    )
