"""The model backend behind the failed-login limits (accounts.throttle)."""

from django.contrib.auth.backends import ModelBackend

from . import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        attempt = throttle.attempt_of(request, username)
        if throttle.is_locked(attempt):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if password is not None:
                throttle.record_failure(attempt)
        else:
            throttle.clear_failures(attempt)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
