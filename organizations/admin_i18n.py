"""Wagtail's snippet choosers worded in the language of each request.

``AdminSnippetChooser`` words its buttons ("Choose %(object)s", "Choose another %(object)s") with an eager
gettext when the widget is built, and Wagtail builds an edit form's class once per process — under
``migrate``'s system checks with translations off, or on the first request in that visitor's language. Every
editor then saw "Choose tổ chức đảng". Here the words become lazy, so each request gets its own language.
"""
from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail.snippets.widgets import AdminSnippetChooser


def _worded(message: str, name) -> str:
    return gettext(message) % {"object": name}


worded = lazy(_worded, str)


def reword_snippet_choosers() -> None:
    original = AdminSnippetChooser.__init__
    if getattr(original, "reworded", False):
        return

    def __init__(self, model, **kwargs):
        original(self, model, **kwargs)
        name = model._meta.verbose_name
        self.choose_one_text = worded("Choose %(object)s", name)
        self.choose_another_text = worded("Choose another %(object)s", name)
        self.link_to_chosen_text = worded("Edit this %(object)s", name)

    __init__.reworded = True
    AdminSnippetChooser.__init__ = __init__
