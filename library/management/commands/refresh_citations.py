"""``manage.py refresh_citations``: extract and resolve the citations of every library item again.

Runs in batches of ``citation_service.BATCH_SIZE`` items (a few queries each) with a progress bar on
a terminal, then prints how many citations are resolved, ambiguous and unresolved.
"""
import sys

from django.core.management.base import BaseCommand
from django.db.models import Count

from library import citation_service
from library.models import Citation, LibraryItem


class Command(BaseCommand):
    help = "Trích xuất và xác định lại trích dẫn của toàn bộ thư viện."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=citation_service.BATCH_SIZE)

    def handle(self, *args, **options):
        size = max(1, options["batch_size"])
        ids = list(LibraryItem.objects.order_by("pk").values_list("pk", flat=True))
        progress = None
        if sys.stdout.isatty() and options.get("verbosity", 1) > 0:
            from rich.progress import Progress

            progress = Progress(transient=True)
            task = progress.add_task("Trích dẫn", total=len(ids))
            progress.start()
        stored = 0
        try:
            for i in range(0, len(ids), size):
                chunk = ids[i:i + size]
                stored += citation_service.refresh_citations(chunk, reresolve_others=False)
                if progress:
                    progress.update(task, advance=len(chunk))
        finally:
            if progress:
                progress.stop()
        counts = dict(Citation.objects.values_list("status").annotate(n=Count("pk")))
        self.stdout.write(
            f"{len(ids)} mục, {stored} trích dẫn: {counts.get('resolved', 0)} đã xác định, "
            f"{counts.get('ambiguous', 0)} chưa rõ (trùng số), {counts.get('unresolved', 0)} chưa có trong thư viện.")
