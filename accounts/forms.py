"""The login form: says plainly when a username is locked after too many failed attempts."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):
        if throttle.is_locked(throttle.attempt_of(self.request, self.cleaned_data.get("username"))):
            raise forms.ValidationError(
                _("Too many failed attempts; try again in 15 minutes."), code="too_many_attempts"
            )
        return super().clean()
