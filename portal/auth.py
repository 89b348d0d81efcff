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
