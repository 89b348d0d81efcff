"""The library item's admin form: the privacy layer's scoped choices, and a cautious default scope.

A new item starts as "Nội bộ" (members who are signed in): publishing a Party document to everyone is a
deliberate choice of "Công khai", never what happens when an editor forgets the Phạm vi tab.
"""
from library.models import Visibility
from organizations.admin_forms import ScopedChoicesForm


class LibraryItemAdminForm(ScopedChoicesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.is_bound and "visibility" in self.fields:
            self.initial["visibility"] = Visibility.INTERNAL
