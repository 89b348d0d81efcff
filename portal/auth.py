"""Log in with a username or an e-mail address."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        candidates = list(User.objects.filter(Q(username__iexact=username) | Q(email__iexact=username))[:2])
        user = next((u for u in candidates if u.username.lower() == username.lower()), None)
        if user is None and len(candidates) == 1:
            user = candidates[0]
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        User().set_password(password)  # same work either way, against timing attacks
        return None


def axes_username(request, credentials=None) -> str:
    """The name django-axes counts failures against: the account's username, whatever was typed.

    "Admin", "admin" and "admin@example.org" all reach the same account through the backend above, so
    they must share one failure counter, or an attacker gets several times AXES_FAILURE_LIMIT guesses.
    Unknown names are counted as typed (lowercased).
    """
    from django.conf import settings

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    typed = (credentials or {}).get(field) if credentials else None
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get(field)
    typed = (typed or "").strip()
    if not typed:
        return ""
    User = get_user_model()
    candidates = list(User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))
                      .values_list("username", flat=True)[:2])
    exact = [u for u in candidates if u.lower() == typed.lower()]
    if exact:
        return exact[0].lower()
    if len(candidates) == 1:
        return candidates[0].lower()
    return typed.lower()
