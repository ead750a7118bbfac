from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Requires letters, digits and at least one other character: length alone still lets 'aaaaaaaaaaaa' through."""

    def validate(self, password, user=None):
        has_letter = any(c.isalpha() for c in password)
        has_digit = any(c.isdigit() for c in password)
        has_other = any(not c.isalnum() for c in password)
        if not (has_letter and has_digit and has_other):
            raise ValidationError(
                _("Kata sandi harus memuat huruf, angka, dan minimal satu simbol."), code="password_classes"
            )

    def get_help_text(self):
        return _("Kata sandi harus memuat huruf, angka, dan minimal satu simbol.")
