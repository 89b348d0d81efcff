"""Member login: username or e-mail, "remember me" (a two-week session instead of a browser session).

Also serves the Wagtail admin (WAGTAILADMIN_LOGIN_URL points here): a staff member sent here from
/admin/ goes back there after logging in; a logged-in member without admin access who follows a link to
/admin/ sees a plain explanation instead of bouncing between the two pages forever.
"""
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

REMEMBER_ME_SECONDS = 14 * 24 * 3600


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Tên đăng nhập hoặc e-mail"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "autocapitalize": "none", "spellcheck": "false"}))
    password = forms.CharField(label=_("Mật khẩu"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    remember_me = forms.BooleanField(label=_("Ghi nhớ đăng nhập"), required=False)

    error_messages = {
        "invalid_login": _("Tên đăng nhập/e-mail hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self._admin_refused(request):
            # Wagtail sent a logged-in user without admin access here: show the form, don't loop.
            self.redirect_authenticated_user = False
        return super().dispatch(request, *args, **kwargs)

    def _admin_refused(self, request) -> bool:
        next_url = request.GET.get(self.redirect_field_name) or request.POST.get(self.redirect_field_name) or ""
        return next_url.startswith("/admin") and not request.user.has_perm("wagtailadmin.access_admin")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["admin_refused"] = self.request.user.is_authenticated and self._admin_refused(self.request)
        return ctx

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.set_expiry(REMEMBER_ME_SECONDS if form.cleaned_data.get("remember_me") else 0)
        return response


class MemberPasswordResetForm(PasswordResetForm):
    """Also reaches members imported without a password (unusable password), so a lost invitation
    e-mail can be replaced by "Quên mật khẩu"; Django's form skips such accounts."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        email_field = User.get_email_field_name()
        users = User._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        return (u for u in users if (getattr(u, email_field) or "").casefold() == email.casefold())


class LogoutView(auth_views.LogoutView):
    """POST-only logout (Django 5) that says so on the page it lands on."""

    template_name = "accounts/logged_out.html"

    def post(self, request, *args, **kwargs):
        from django.contrib import messages

        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất."))
        return response
