""""Chi bộ của tôi": the menu entry that takes a member or a secretary to their cell's page."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from organizations.access import Viewer
from organizations.models import Organization


@login_required
@require_safe
def my_cell(request):
    """One cell: go straight to its page. Several (a chi bộ ghép, or a secretary of two): choose one."""
    viewer = Viewer.for_request(request)
    cells = list(Organization.objects.filter(pk__in=viewer.cell_ids).order_by("name"))
    if len(cells) == 1:
        return redirect(cells[0].get_absolute_url())
    return render(request, "portal/my_cells.html", {"cells": cells})
