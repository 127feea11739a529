"""State changes for logins."""

from koers.accounts.models import User


def set_language(user: User, language: str) -> User:
    """The UI language a person reads Koers in (Dutch by default, English second)."""
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    return user
