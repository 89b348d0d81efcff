"""Input checked at the edge: query parameters, path ids and form dates parsed with bounds.

A ground-floor package (Django only, no models, no project imports) that every view, API and form uses, so
"page 10²²", "năm 9999" or "from=0001-01-01" get the same Vietnamese answer everywhere (HTTP 400 / a form
error) instead of reaching the database as an OverflowError (a 500 on SQLite) or a date the rest of the code
cannot add a day to. See :mod:`inputs.params` (query strings), :mod:`inputs.converters` (URL path ids) and
:mod:`inputs.fields` (form fields and validators).
"""
