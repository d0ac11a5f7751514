from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
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
