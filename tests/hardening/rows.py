"""Print every row of every table of the site as JSON (run with ``manage.py shell``), so two databases can be
compared exactly: the models a backup keeps row for row, and the search tables (rebuilt by restore) by
their identity and content, without the time they were written."""
import json
import sys

from django.apps import apps

from operations.backup import dumped_models

# Columns of the derived search tables that record *when* they were written (a rebuild writes them anew).
WHEN_COLUMNS = {"updated_at", "created_at", "id"}


def _plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


def table_rows() -> dict:
    out = {}
    for model in dumped_models():
        names = [f.attname for f in model._meta.concrete_fields]
        out[model._meta.label_lower] = [[_plain(v) for v in row]
                                        for row in model._base_manager.order_by("pk").values_list(*names)]
    for label in ("portal_search.searchentry", "portal_search.searchgrant", "portal_search.searchtopic",
                  "portal_search.searchtext"):
        model = apps.get_model(label)
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in WHEN_COLUMNS]
        out[label] = sorted([[_plain(v) for v in row] for row in model._base_manager.values_list(*names)], key=repr)
    # Wagtail's own index: which objects are indexed (its scores depend on the whole corpus at indexing time).
    out["wagtailsearch.indexentry"] = sorted(
        [list(k) for k in apps.get_model("wagtailsearch.indexentry")._base_manager.values_list(
            "content_type_id", "object_id")], key=repr)
    return out


if __name__ in ("__main__", "django.core.management.commands.shell"):
    json.dump(table_rows(), sys.stdout, ensure_ascii=False)
