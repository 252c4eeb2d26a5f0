"""cognitopy's enums: plain :class:`enum.Enum` classes whose values equal their names."""

from __future__ import annotations

import enum

__all__ = ["MessageAction", "DesiredDelivery", "AuthFlow", "AdminAuthFlow", "ChallengeName"]


class MessageAction(enum.Enum):
    """What AdminCreateUser does about the invitation message."""

    RESEND = "RESEND"
    SUPPRESS = "SUPPRESS"


class DesiredDelivery(enum.Enum):
    """How AdminCreateUser delivers the invitation."""

    EMAIL = "EMAIL"
    SMS = "SMS"


class AuthFlow(enum.Enum):
    REFRESH_TOKEN_AUTH = "REFRESH_TOKEN_AUTH"
    USER_PASSWORD_AUTH = "USER_PASSWORD_AUTH"
    # fastcognito's extras, for sign_in(auth_flow=...)
    USER_AUTH = "USER_AUTH"
    USER_SRP_AUTH = "USER_SRP_AUTH"
    CUSTOM_AUTH = "CUSTOM_AUTH"


class AdminAuthFlow(enum.Enum):
    REFRESH_TOKEN_AUTH = "REFRESH_TOKEN_AUTH"
    ADMIN_USER_PASSWORD_AUTH = "ADMIN_USER_PASSWORD_AUTH"


class ChallengeName(enum.Enum):
    SMS_MFA = "SMS_MFA"
    NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED"


def enum_value(value: object, enum_cls: type[enum.Enum]) -> str | None:
    """The wire value of a member of ``enum_cls`` or of its name as a string; None if neither."""
    if isinstance(value, enum_cls):
        return str(value.value)
    if isinstance(value, str) and value in enum_cls.__members__:
        return value
    return None
