"""Committee dashboard and report exports.

* ``selectors``: the aggregates, in a fixed number of queries, and who may see which rows;
* ``params``: query-string parsing (bad input → a Vietnamese message, HTTP 400);
* ``views``/``urls``: ``/bao-cao/`` (dashboard), ``/bao-cao/bao-cao-nam.docx`` (annual report),
  ``/api/reports/thematic-meetings/`` (JSON, CSV, XLSX);
* ``exports``: CSV/XLSX/DOCX from the same figures; ``svg``/``html``: server-side rendering of the
  charts and the large per-cell table; ``formatting``: Vietnamese number formats.
"""
