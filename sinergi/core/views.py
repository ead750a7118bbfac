"""What every thin view does with a domain operation: run it, and turn its refusal into what the user sees.
A refused permission looks like a missing page (404, as out of scope), a broken rule is a message or a form
error, never a 500."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


def add_errors(form, exc: ValidationError, rename: Mapping[str, str] | None = None) -> None:
    """An operation's ValidationError on the form: under the field it names (``rename`` maps an operation's
    argument to the form's field), on top of the form otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        name = (rename or {}).get(key, key)
        form.add_error(name if name in form.fields else None, errors)


def errors_text(form) -> str:
    """A form's errors as one message line, each after its field's label."""
    return " ".join(f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                    for name, errors in form.errors.items())


def run_operation(request, write: Callable[[], object], done: str | Callable[[object], str]) -> bool:
    """Run ``write`` from a POST; on success show ``done`` (or ``done(result)``) and return True."""
    try:
        result = write()
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True
