from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tocds.core.models import record


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def handle_import(request: HttpRequest, importer, *, action: str):
    """The upload form of an all-or-nothing Excel import and, when a file was sent, the
    importer's result; every attempt is recorded (counts only, no personal data)."""
    form = ExcelUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importer(actor=request.user, upload=form.cleaned_data["file"])
        record(
            actor=request.user,
            action=action,
            detail="ok" if result.ok else f"rejected: {len(result.errors)} errors",
            rows=result.created,
        )
    return form, result


class QuickSelect(forms.Select):
    """A select whose options are written in Python. Django renders each option through its
    own template, about 0.2 ms apiece: a list of a hundred communes cost more than the figures
    of the page around it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            if group_name:
                html = format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
            parts.append(html)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # noqa: S308 (each part escaped by format_html)
        )
