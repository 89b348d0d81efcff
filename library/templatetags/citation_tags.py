"""``{{ item.body|linkify_citations:citations }}``: references in a body become links (see
``library.citations.linkify``). Accepts the stored rich-text HTML (expanded like ``|richtext``) or
already-rendered safe HTML (``{{ item.body|richtext|linkify_citations:citations }}``)."""
from django import template
from django.utils.safestring import SafeData, mark_safe
from wagtail.rich_text import expand_db_html

from library.citations import linkify

register = template.Library()


@register.filter(name="linkify_citations")
def linkify_citations(value, citations):
    if value is None:
        return ""
    if hasattr(value, "__html__") and not isinstance(value, str):
        html = str(value.__html__())
    elif isinstance(value, SafeData):
        html = str(value)
    else:
        html = expand_db_html(str(value))
    return mark_safe(linkify(html, citations or ()))
