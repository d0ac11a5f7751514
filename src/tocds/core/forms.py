import html

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tocds.core.models import record


def limit_of(model, field: str) -> int:
    """A text field's length limit as its model declares it: the one definition a form, an
    import (`core.imports.check_length`) and the database (`core.models.max_length_check`)
    share."""
    return model._meta.get_field(field).max_length


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx, .xls) or CSV (UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
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
    of the page around it. Same HTML as `forms.Select` (tested), one string per option."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                options = "".join(self._option(v, label, chosen) for v, label in option_label)
                parts.append(f'<optgroup label="{_escape(option_value)}">{options}</optgroup>')
            else:
                parts.append(self._option(option_value, option_label, chosen))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 (every value escaped)
            f'<select name="{_escape(name)}"{flatatt(final_attrs)}>{"".join(parts)}</select>'
        )

    @staticmethod
    def _option(value, label, chosen: set[str]) -> str:
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        return f'<option value="{_escape(value)}"{selected}>{_escape(label)}</option>'


def _escape(text) -> str:
    """Django's `escape` without its lazy-string wrapper (a hundred options per select)."""
    return html.escape(str(text))
