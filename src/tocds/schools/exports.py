"""The school programme's figures as an Excel workbook: the same numbers as the dashboard."""

from django.utils.translation import gettext as _

from tocds.core.xlsx import COUNT, Column, Workbook, build_workbook
from tocds.places.models import Place
from tocds.schools.queries import Dashboard, Figures


def _figure_headers() -> list[Column]:
    return [
        Column(str(n), header, 28, number_format=COUNT)
        for n, header in enumerate(
            [
                _("Schools"),
                _("Schools reached"),
                _("Classes reached"),
                _("Lessons delivered"),
                _("Students reached (present, summed over lessons)"),
                _("Students of the classes reached"),
                _("Students who taught a family member"),
                _("Class quizzes"),
                _("Answer sheets"),
                _("Answer sheets at the pass mark"),
            ]
        )
    ]


def _figure_values(f: Figures) -> list[object]:
    return [
        f.schools,
        f.schools_reached,
        f.classes_reached,
        f.lessons,
        f.attendances,
        f.class_students,
        f.family_taught,
        f.quizzes,
        f.answers,
        f.passed,
    ]


def _mastery_values(f: Figures, data: Dashboard) -> list[object]:
    values: list[object] = []
    for skill in data.skills:
        percent = f.mastery_percent(skill.pk)
        values.append("" if percent is None else percent)
    return values


def figures_workbook(data: Dashboard, commune: Place | None) -> Workbook:
    mastery_headers = [
        _("Mastery %% — %(skill)s") % {"skill": skill.title} for skill in data.skills
    ]
    area = commune.name if commune else _("All communes in your area")
    summary = [
        [_("Period"), f"{data.start:%d/%m/%Y} – {data.end:%d/%m/%Y}"],
        [_("Area"), area],
        *[
            [str(header.header), value]
            for header, value in zip(_figure_headers(), _figure_values(data.total), strict=True)
        ],
        *[
            [header, value]
            for header, value in zip(
                mastery_headers, _mastery_values(data.total, data), strict=True
            )
        ],
    ]
    by_commune = [
        [line.name, *_figure_values(line.figures), *_mastery_values(line.figures, data)]
        for line in data.communes
    ]
    by_school = [
        [
            line.name,
            line.commune,
            *_figure_values(line.figures),
            *_mastery_values(line.figures, data),
        ]
        for line in data.schools
    ]
    tasks = [
        [skill.title, task.code, task.title, answered, mastered]
        for skill in data.skills
        for task, mastered, answered in data.tasks.get(skill.pk, [])
    ]
    return build_workbook(
        _("Summary"),
        [Column("label", _("Figure"), 48), Column("value", _("Value"), 24, number_format=COUNT)],
        summary,
        extra_sheets=[
            (
                _("By commune"),
                [_("Commune"), *_figure_headers(), *mastery_headers],
                by_commune,
            ),
            (
                _("By school"),
                [_("School"), _("Commune"), *_figure_headers(), *mastery_headers],
                by_school,
            ),
            (
                _("By task"),
                [
                    _("Skill"),
                    _("Task"),
                    _("Title"),
                    Column("results", _("Task results"), 28, number_format=COUNT),
                    Column("mastered", _("Mastered"), 28, number_format=COUNT),
                ],
                tasks,
            ),
        ],
    )
