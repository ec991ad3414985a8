"""The model backend behind a per-username failed-login limit (accounts.throttle)."""

from django.contrib.auth.backends import ModelBackend

from . import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        name = username if isinstance(username, str) else ""
        if throttle.is_locked(name):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if password is not None:
                throttle.record_failure(name)
        else:
            throttle.clear_failures(name)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
