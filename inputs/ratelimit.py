"""Rate limits on forms that send e-mail, counted in Django's cache (fixed windows).

Password reset is open to anyone: without a limit, ten requests were ten e-mails to a member's inbox (and
an open relay for annoyance). Each request counts once against the address typed and once against the
client's IP address (the same address django-axes uses, so both follow ``AXES_IPWARE_*`` behind a proxy);
over either limit the form answers HTTP 429 with a Vietnamese message and sends nothing. The answer does
not depend on whether an account has that address. Forms for logged-in managers that mail a whole cell
(announcing a meeting, reminding readers) are limited per user with :func:`limit_posts`.
"""
from __future__ import annotations

import hashlib
from functools import wraps

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _


def _key(*parts) -> str:
    return "rl:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]


def hit(scope: str, who: str, limit: int, window: int) -> bool:
    """Count one event of ``who`` in ``scope``; True while within ``limit`` per ``window`` seconds."""
    key = _key(scope, who)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


def _limits():
    return getattr(settings, "PASSWORD_RESET_LIMITS", {"per_address": 3, "per_ip": 10, "window": 3600})


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        limits = _limits()
        email = form.cleaned_data["email"].strip().casefold()
        by_address = hit("password-reset-address", email, limits["per_address"], limits["window"])
        by_ip = hit("password-reset-ip", client_ip(self.request), limits["per_ip"], limits["window"])
        if not (by_address and by_ip):
            form.add_error(None, _("Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần. Vui lòng thử lại sau %(m)d phút.")
                           % {"m": limits["window"] // 60})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def limit_posts(scope: str, limit: int = 30, window: int = 3600):
    """Decorator: at most ``limit`` POSTs per user (or IP) per ``window`` seconds to a view that sends mail."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                who = f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{client_ip(request)}"
                if not hit(scope, who, limit, window):
                    return HttpResponse(_("Quá nhiều yêu cầu gửi thư trong thời gian ngắn. Vui lòng thử lại sau "
                                          "%(m)d phút.") % {"m": window // 60},
                                        status=429, content_type="text/plain; charset=utf-8")
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
