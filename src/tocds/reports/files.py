"""The Word and Excel files of results reports, and the copies kept of what was signed.

A commune report's files are written when it is submitted and a province report's when it is
finalised, in Vietnamese, and stored with the report: every later download serves those bytes,
so the document that went up the hierarchy stays what was signed even as late visits arrive.
Returning or unlocking a report drops its copies; it is a draft again and its files are written
afresh (marked "DỰ THẢO") until the next submission.
"""

import io

from django.utils import translation

from tocds.core.xlsx import Workbook
from tocds.reports import documents, workbooks
from tocds.reports.consolidation import Consolidation, consolidate
from tocds.reports.models import ProvinceReport, Report
from tocds.reports.rows import report_rows


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _stored(value) -> bytes | None:
    return None if value is None else bytes(value)  # PostgreSQL hands back a memoryview


def _commune_docx(report: Report) -> bytes:
    return documents.commune_docx(report, report_rows(report))


def _commune_xlsx(report: Report) -> bytes:
    return workbook_bytes(workbooks.commune_workbook(report, report_rows(report)))


def commune_docx(report: Report) -> bytes:
    """The commune report's Word file: as submitted once submitted, else written now."""
    return _stored(report.docx_file) or _commune_docx(report)


def commune_xlsx(report: Report) -> bytes:
    return _stored(report.xlsx_file) or _commune_xlsx(report)


def keep_commune_files(report: Report) -> None:
    """Write and store the submitted report's files (called by the submit transition, with the
    report's rows frozen and its document date set)."""
    with translation.override("vi"):
        report.docx_file = _commune_docx(report)
        report.xlsx_file = _commune_xlsx(report)


def province_docx(report: ProvinceReport, consolidation: Consolidation | None = None) -> bytes:
    stored = _stored(report.docx_file)
    if stored:
        return stored
    return documents.province_docx(consolidation or consolidate(report.campaign), report)


def province_xlsx(report: ProvinceReport, consolidation: Consolidation | None = None) -> bytes:
    stored = _stored(report.xlsx_file)
    if stored:
        return stored
    consolidation = consolidation or consolidate(report.campaign)
    return workbook_bytes(workbooks.province_workbook(consolidation))


def keep_province_files(report: ProvinceReport) -> None:
    """Write and store the finalised province report's files."""
    consolidation = consolidate(report.campaign)
    with translation.override("vi"):
        report.docx_file = documents.province_docx(consolidation, report)
        report.xlsx_file = workbook_bytes(workbooks.province_workbook(consolidation))


def drop_files(report: Report | ProvinceReport) -> None:
    report.docx_file = None
    report.xlsx_file = None
