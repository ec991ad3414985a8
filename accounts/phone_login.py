"""Log in with the username or the phone number: many volunteers have no e-mail, everyone has a phone."""

from django.contrib.auth.backends import ModelBackend

from core.phones import is_valid_phone, normalize_phone

from .backends import ThrottledModelBackend
from .models import User


class _UsernameOrPhoneModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None or not isinstance(username, str) or password is None:
            return user
        phone = normalize_phone(username)
        if not is_valid_phone(phone) or User.objects.filter(username=username).exists():
            return None
        account = User.objects.filter(phone=phone).first()
        if account is not None and account.check_password(password) and self.user_can_authenticate(account):
            return account
        return None


class UsernameOrPhoneBackend(ThrottledModelBackend, _UsernameOrPhoneModelBackend):
    """The failed-login limit (ThrottledModelBackend) stays outermost: it counts what was typed."""
