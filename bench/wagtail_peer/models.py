from django.db import models
from wagtail.search import index


class PeerDocument(index.Indexed, models.Model):
    """A library document as a stock Wagtail model: title and plain text, nothing else."""

    title = models.TextField()
    body = models.TextField(blank=True)
    symbol = models.CharField(max_length=120, blank=True)
    issued_on = models.DateField(null=True)

    search_fields = [index.SearchField("title", boost=2), index.SearchField("body")]

    class Meta:
        app_label = "wagtail_peer"
