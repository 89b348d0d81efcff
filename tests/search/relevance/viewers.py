"""The relevance set's viewers on the demo corpus as test clients (tests/search/relevance and make bench).

``anonymous``; ``member``, a member of Chi bộ Sở Tư pháp; ``staff``, staff of Đảng bộ Khối Doanh nghiệp tỉnh.
"""
from django.test import Client

from organizations.models import Organization, Role
from tests.world import logged_in, person


def demo_clients() -> dict[str, Client]:
    member = person("relevance_member", Organization.objects.get(name="Chi bộ Sở Tư pháp"), Role.MEMBER)
    staff = person("relevance_staff", Organization.objects.get(name="Đảng bộ Khối Doanh nghiệp tỉnh"), Role.STAFF)
    return {"anonymous": Client(), "member": logged_in(member), "staff": logged_in(staff)}
