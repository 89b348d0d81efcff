"""Member login: username or e-mail, "remember me" (a two-week session instead of a browser session)."""
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

REMEMBER_ME_SECONDS = 14 * 24 * 3600


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Tên đăng nhập hoặc e-mail"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    remember_me = forms.BooleanField(label=_("Ghi nhớ đăng nhập"), required=False)

    error_messages = {
        "invalid_login": _("Tên đăng nhập/e-mail hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.set_expiry(REMEMBER_ME_SECONDS if form.cleaned_data.get("remember_me") else 0)
        return response
