"""factory-boy factories for every model the tests build (one module for every suite)."""
import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from library.models import ItemType, LibraryItem, Relation, Visibility
from organizations.models import Membership, Organization, OrganizationKind, Role
from topics.models import Meeting, MeetingMaterial, Topic


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Đảng bộ Thử {n}")
    kind = OrganizationKind.COMMITTEE
    parent = None


class CellFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Chi bộ Thử {n}")
    kind = OrganizationKind.CELL
    parent = factory.SubFactory(OrganizationFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Chủ đề {n}")


class LibraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LibraryItem

    item_type = ItemType.DOCUMENT
    kind = "CT"
    symbol = factory.Sequence(lambda n: f"{n + 1:02d}-CT/TW")
    title = factory.Sequence(lambda n: f"Chỉ thị thử nghiệm số {n} về công tác xây dựng Đảng")
    issuer = factory.SubFactory(OrganizationFactory, name="Ban Chấp hành Trung ương", kind=OrganizationKind.BODY)
    issued_on = dt.date(2020, 5, 15)
    summary = "Tóm tắt nội dung văn bản."
    body = "<p>Nội dung văn bản thử nghiệm.</p>"
    visibility = Visibility.PUBLIC
    live = True

    @factory.post_generation
    def allowed(self, create, extracted, **kwargs):
        if create and extracted:
            self.allowed_orgs.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    source = factory.SubFactory(LibraryItemFactory)
    target = factory.SubFactory(LibraryItemFactory)
    relation_type = "guides"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Sequence(lambda n: f"Đảng viên {n}")
    password = factory.django.Password("Mat-khau-thu-2026")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(CellFactory)
    role = Role.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    cell = factory.SubFactory(CellFactory)
    title = factory.Sequence(lambda n: f"Sinh hoạt chuyên đề số {n}")
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    duration_minutes = 120


class MeetingMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingMaterial

    meeting = factory.SubFactory(MeetingFactory)
    item = factory.SubFactory(LibraryItemFactory)
    required = True
