"""Signals the organizations floor sends so that floors above can react without reading memberships.

``role_changed`` tells who got, changed or lost a role in an organization (the audit log records it,
operations/audit.py). It is sent from the Membership receivers connected in ``OrganizationsConfig.ready``.
"""
from django.dispatch import Signal

# kwargs: organization, member (username), role (the new role; the old one when removed), old_role (None when
# added), removed (bool)
role_changed = Signal()


def membership_before(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    instance._old_role = sender.objects.filter(pk=instance.pk).values_list("role", flat=True).first()


def membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_old_role", None)
    if not created and old == instance.role:
        return
    role_changed.send(sender=sender, organization=instance.organization, member=instance.user.get_username(),
                      role=instance.role, old_role=None if created else old, removed=False)


def membership_deleted(sender, instance, **kwargs):
    try:
        org, member = instance.organization, instance.user.get_username()
    except Exception:  # the organization or the account is being deleted with it
        return
    role_changed.send(sender=sender, organization=org, member=member, role=instance.role, old_role=instance.role,
                      removed=True)
