from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .log import record
from .models import Action


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(actor=user, action=Action.LOGIN, obj=user, object_label=user.get_username())


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action=Action.LOGOUT, obj=user, object_label=user.get_username())


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the username: never the attempted password.
    record(actor=None, action=Action.LOGIN_FAILED, object_type="auth.user",
           object_label=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(actor=None, action=Action.LOGIN_FAILED, object_type="auth.user", object_label=str(username)[:150],
           changes={"locked_out": True})
