"""Site-wide template helpers: type labels, query strings for pagination."""
from urllib.parse import urlencode

from django import template

from library.kinds import kind_label as _kind_label

register = template.Library()

# Badge style of each validity status: green in force, amber partly expired, red fully expired, blue not yet.
VALIDITY_BADGES = {"con_hieu_luc": "ok", "het_hieu_luc_mot_phan": "warn", "het_hieu_luc": "danger",
                   "chua_co_hieu_luc": "info"}


@register.filter
def validity_class(value) -> str:
    return VALIDITY_BADGES.get(value or "", "")


@register.filter
def kind_label(code):
    return _kind_label(code)


@register.simple_tag
def query_with(query, **changes):
    """Current filters (a dict) with some keys replaced, as a URL query string."""
    params = dict(query or {})
    params.update({k: v for k, v in changes.items() if v not in (None, "")})
    return urlencode(params)
