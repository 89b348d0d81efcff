"""Member login, logout, password reset (Vietnamese templates under templates/accounts/)."""
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from inputs.ratelimit import RateLimitedPasswordResetView
from portal import accounts

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", accounts.LoginView.as_view(), name="login"),
    path("dang-xuat/", accounts.LogoutView.as_view(), name="logout"),
    path("quen-mat-khau/", RateLimitedPasswordResetView.as_view(  # per address and per IP (inputs/ratelimit.py)
        form_class=accounts.MemberPasswordResetForm, template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("dat-lai/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_change_done")), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("dat-lai/xong/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
]
