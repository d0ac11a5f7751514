from django import template

register = template.Library()


@register.filter
def mastery(figures, skill_id: int):
    """`{{ line.figures|mastery:skill.pk }}`: % of task results mastered, None without any."""
    return figures.mastery_percent(skill_id)


@register.filter
def get_tasks(tasks: dict, skill_id: int):
    return tasks.get(skill_id, [])
