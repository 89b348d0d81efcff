"""Building blocks every suite's world is made of (with the factories in tests/factories.py).

Each suite keeps the small world its assertions were worked out on (tests/topics, tests/reports,
tests/access, the browser journeys), but builds it from these same pieces: one way to grow the party
tree, one way to give a person a role, one local-time helper, one logged-in client.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import Client

from organizations.models import OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "Mat-khau-thu-2026"  # UserFactory's password, typed into the login form by the browser tests


def local(*parts) -> dt.datetime:
    """An aware datetime in Vietnam's time: ``local(2031, 8, 20, 9, 0)`` or ``local("2025-01-01 00:30")``."""
    if len(parts) == 1 and isinstance(parts[0], str):
        return dt.datetime.strptime(parts[0], "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
    return dt.datetime(*parts, tzinfo=TZ)


def org(name: str, kind: str = OrganizationKind.COMMITTEE, parent=None):
    """An organization of the party tree (a đảng bộ by default; pass ``OrganizationKind.CELL`` for a cell)."""
    return OrganizationFactory(name=name, kind=kind, parent=parent)


def person(username: str, organization, role, **user_fields):
    """A user holding ``role`` in ``organization`` (the Membership saves give them their admin groups)."""
    user_fields.setdefault("first_name", username.title())
    user = UserFactory(username=username, **user_fields)
    MembershipFactory(user=user, organization=organization, role=role)
    return user


def superuser(username: str = "quantri"):
    return UserFactory(username=username, is_superuser=True, is_staff=True)


def logged_in(user) -> Client:
    """A test client signed in as ``user``; anonymous (``None`` or AnonymousUser) gets a plain client."""
    client = Client()
    if user is not None and getattr(user, "is_authenticated", False):
        client.force_login(user)
    return client
