"""An organization chooser for the admin: the party tree as indented checkboxes with a filter box.

Its template sits in this app (organizations/templates/…): Django renders form widgets from app directories.

Used for "Tổ chức được xem" and "Tài liệu của chi bộ" on library items. The choices are whatever the form
field offers (the privacy layer narrows them first, organizations.admin_forms); the widget only lays them
out in tree order (``Organization.Meta.ordering = ["path"]``) and lets the editor type part of a name, with
or without diacritics, to find a cell among hundreds (static/portal/admin.js).
"""
from django import forms


class OrganizationTreeWidget(forms.CheckboxSelectMultiple):
    template_name = "organizations/widgets/organization_tree.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        option["depth"] = min(getattr(instance, "depth", 0) or 0, 6)
        option["folded"] = getattr(instance, "name_folded", "") or str(label).lower()
        return option
