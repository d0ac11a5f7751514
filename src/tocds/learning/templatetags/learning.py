from django import template

from tocds.learning import facts as facts_module

register = template.Library()


@register.filter
def with_facts(text: str, facts: dict):
    """`{{ step.text|with_facts:facts }}`: the text with `{fact:key}` filled in, escaped."""
    return facts_module.render(text, facts)


@register.filter
def plain_facts(text: str, facts: dict) -> str:
    return facts_module.fill(text, facts)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None
