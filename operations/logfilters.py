"""Keep secrets out of logs: calendar tokens and password-reset links in request paths are masked.

A calendar URL (``/lich/cua-toi.ics?token=…``) is a password to the user's meetings, and a reset link
(``/tai-khoan/dat-lai/<uid>/<token>/``) is a password to the account. Web servers log both in access lines,
and Django logs them in "Not Found" warnings. :class:`MaskTokens` rewrites the message and its arguments of
every record that passes through a handler it is attached to (settings.LOGGING, gunicorn_conf.py).
"""
from __future__ import annotations

import logging
import re

MASK = "***"
_PATTERNS = [
    # ?token=… or &token=… (calendar feeds), also key=… and sig=… style secrets in query strings
    (re.compile(r"([?&](?:token|key|signature|sig)=)[^&\s\"']+", re.IGNORECASE), rf"\1{MASK}"),
    # /tai-khoan/dat-lai/<uidb64>/<token>/ (Django's password reset confirm; "set-password" is its
    # session-stored form, nothing secret)
    (re.compile(r"(/tai-khoan/dat-lai/)([^/\s\"']+)/(?!set-password)([^/\s\"'?]+)"), rf"\1\2/{MASK}"),
]


def mask(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _mask_value(value):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, bytes):
        return mask(value.decode("utf-8", "replace"))
    return value


class MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: _mask_value(v) for k, v in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_mask_value(v) for v in record.args)
        return True
