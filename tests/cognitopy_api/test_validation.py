"""Bad arguments raise ValueError, with cognitopy's messages, before any network call.

The client points at a closed port: had a request been sent, the error would have been
EndpointConnectionError, which is not a ValueError."""

from __future__ import annotations

from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, MessageAction, SignInStep, SyncCognito
from fastcognito.exceptions import EndpointConnectionError
from tests.helpers import Driver

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], str]] = [
    ("login", (1, "p"), {}, "The username and password should be strings."),
    ("login", ("", "p"), {}, "You must provide access_token when not give the username"),
    ("admin_login", ("u", None), {}, "The username and password should be strings."),
    ("renew_access_token", (None, "r"), {}, "The access_token and refresh_token should be strings."),
    ("admin_renew_access_token", ("a", 5), {}, "The access_token and refresh_token should be strings."),
    ("register", ("u", "p", []), {}, "should be strings, user_attributes and validation_data should be a dict."),
    (
        "register",
        ("u", "p", {1: "x"}),
        {},
        "The key attributes should be a dictionary and value should be a string or number",
    ),
    (
        "register",
        ("u", "p", {"k": None}),
        {},
        "The key attributes should be a dictionary and value should be a string or number",
    ),
    ("register", ("u", "p", {}, "vd"), {}, "user_attributes and validation_data should be a dict."),
    ("resend_confirmation_code", (3,), {}, "The username should be a string."),
    ("confirm_register", ("u", 123456), {}, "The username and confirmation_code should be strings."),
    ("initiate_forgot_password", (None,), {}, "The username should be a string."),
    ("confirm_forgot_password", ("u", "c", 1), {}, "The username, confirmation_code and password should be strings."),
    ("delete_user", (b"t",), {}, "The access_token should be a string."),
    (
        "change_password",
        ("a", "b", None),
        {},
        "The previous_password, proposed_password and access_token should be strings.",
    ),
    ("get_info_user_by_token", (1,), {}, "The access_token should be a string."),
    ("check_expired_token", (1,), {}, "The access_token should be a string."),
    ("revoke_refresh_token", (None,), {}, "The token should be a string."),
    ("admin_delete_user", (1,), {}, "The username should be a string."),
    ("admin_confirm_register", (1,), {}, "The username should be a string."),
    ("admin_disable_user", (1,), {}, "The username should be a string."),
    ("admin_enable_user", (1,), {}, "The username should be a string."),
    ("admin_reset_user_password", (1,), {}, "The username should be a string."),
    ("admin_reset_password", (1,), {}, "The username should be a string."),
    ("admin_get_user", (1,), {}, "The username should be a string."),
    ("admin_set_user_password", ("u", None), {}, "The username and password should be strings"),
    ("admin_set_user_password", ("u", "p", "yes"), {}, "permanent should be a bool."),
    ("admin_user_global_sign_out", (1,), {}, "The username should be a string."),
    ("admin_create_user", ("u", {}, "yes", MessageAction.SUPPRESS, []), {}, "force_alias should be a bool."),
    (
        "admin_create_user",
        ("u", {}, True, MessageAction.SUPPRESS, [], 5),
        {},
        "The temporary_password should be a string.",
    ),
    ("admin_create_user", ("u", {}, True, "LOUD", []), {}, "The message_action should be a MessageAction."),
    (
        "admin_create_user",
        ("u", {}, True, "SUPPRESS", ["PIGEON"]),
        {},
        "The desired_delivery should be a List[DesiredDeliver].",
    ),
    (
        "admin_create_user",
        ("u", {}, True, "SUPPRESS", "EMAIL"),
        {},
        "The desired_delivery should be a List[DesiredDeliver].",
    ),
    ("admin_create_group", ("g", "d", "1"), {}, "precedence should be an integer."),
    ("admin_create_group", ("g", "d", 1, 7), {}, "role arm should be strings"),
    ("admin_delete_group", (None,), {}, "The group_name should be a string."),
    ("admin_add_user_to_group", ("u", 1), {}, "The username and group_name should be strings."),
    ("admin_remove_user_from_group", (1, "g"), {}, "The username and group_name should be strings."),
    ("admin_list_groups_for_user", (1,), {}, "The username should be a string."),
    ("admin_list_groups_for_user", ("u", "10"), {}, "The limit should be an integer."),
    ("admin_list_groups_for_user", ("u", 10, 5), {}, "The next_token should be a string."),
    ("list_groups", ("x",), {}, "The limit should be an integer."),
    ("get_group", (None,), {}, "The group should be a string."),
    ("update_group", ("g",), {"precedence": "1"}, "The precedence should be an integer."),
    ("update_group", (1,), {}, "The group, description and role should be strings."),
    ("list_users", (), {"limit": "5"}, "The limit should be an integer."),
    ("list_users", ("email",), {}, "The attributes_get should be a list of strings."),
    ("list_users", (), {"group": 5}, "The group and next_token should be strings."),
    (
        "resolve_challenge_challenge_sms_mfa",
        ("s", 123, "u"),
        {},
        "The session. sms_mfa_code and username should be strings.",
    ),
    (
        "resolve_challenge_new_password",
        ("s", "u", None),
        {},
        "The session, username and new_password should be strings.",
    ),
    ("sign_in", ("u",), {"preferred_challenge": "PASSWORD"}, "preferred_challenge='PASSWORD' needs password="),
    (
        "confirm_sign_in",
        (SignInStep(username="u", challenge_name="SMS_OTP"),),
        {},
        "needs code=",
    ),
    ("start_passkey_registration", (None,), {}, "The access_token should be a string."),
    ("complete_passkey_registration", (5, {}), {}, "The access_token should be a string."),
    ("complete_passkey_registration", ("a", 5), {}, "credential must be a dict or a JSON string"),
    ("complete_passkey_registration", ("a", "[1]"), {}, "credential must be a JSON object"),
    ("list_passkeys", (b"a",), {}, "The access_token should be a string."),
    ("delete_passkey", ("a", None), {}, "The access_token and credential_id should be strings."),
    ("refresh_tokens", (None,), {}, "The refresh_token should be a non-empty string."),
    ("get_user_auth_factors", (None,), {}, "The access_token should be a string."),
    ("admin_get_user_auth_factors", (1,), {}, "The username should be a string."),
    ("set_user_mfa_preference", ("t",), {"preferred": "VOICE"}, "preferred must be None"),
    ("admin_set_user_mfa_preference", ("u",), {}, "give at least one of"),
    ("associate_software_token", (None,), {}, "The access_token should be a string."),
    ("verify_software_token", ("t", 123456), {}, "The code should be a string."),
    ("confirm_device", ("t", 1, "g"), {}, "The device_key and device_group_key should be strings."),
    ("confirm_device", ("t", "k", "g"), {"device_name": 5}, "The device_name should be a string."),
    ("confirm_device", ("t", "k", "g"), {"remember": "yes"}, "remember should be a bool."),
    ("confirm_device", (None, "k", "g"), {}, "The access_token should be a string."),
    ("list_devices", (None,), {}, "The access_token should be a string."),
    ("list_devices", ("t",), {"limit": 61}, "The limit should be between 0 and 60."),
    ("list_devices", ("t",), {"limit": "5"}, "The limit should be an integer."),
    ("list_devices", ("t", 5, 7), {}, "The next_token should be a string."),
    ("get_device", ("t", None), {}, "The device_key should be a non-empty string (or a Device)."),
    ("update_device_status", ("t", "k", "remembered"), {}, "remembered should be a bool."),
    ("forget_device", (1, "k"), {}, "The access_token should be a string."),
    ("admin_list_devices", (1,), {}, "The username should be a string."),
    ("admin_list_devices", ("u", -1), {}, "The limit should be between 0 and 60."),
    ("admin_get_device", ("u", ""), {}, "The device_key should be a non-empty string (or a Device)."),
    ("admin_update_device_status", ("u", "k", 1), {}, "remembered should be a bool."),
    ("admin_forget_device", (None, "k"), {}, "The username should be a string."),
    ("login", ("u", "p"), {"device": {"device_key": "k"}}, "device must be a fastcognito.Device or None"),
    ("admin_login", ("u", "p"), {"device": "k"}, "device must be a fastcognito.Device or None"),
    ("sign_in", ("u",), {"device": "k"}, "device must be a fastcognito.Device or None"),
    ("renew_access_token", ("a", "r"), {"device": "k"}, "device must be a fastcognito.Device or None"),
    ("admin_renew_access_token", ("a", "r"), {"device": 1}, "device must be a fastcognito.Device or None"),
    ("refresh_tokens", ("r",), {"device": "k"}, "device must be a fastcognito.Device or None"),
    ("resolve_challenge_sms_mfa", ("s", "1", "u"), {"device": "k"}, "device must be a fastcognito.Device or None"),
    (
        "resolve_challenge_new_password",
        ("s", "u", "p"),
        {"device": "k"},
        "device must be a fastcognito.Device or None",
    ),
    (
        "confirm_sign_in",
        (SignInStep(username="u", challenge_name="SMS_OTP"),),
        {"code": "1", "device": "k"},
        "device must be a fastcognito.Device or None",
    ),
    ("admin_list_user_auth_events", (1,), {}, "The username should be a string."),
    ("admin_list_user_auth_events", ("u", 61), {}, "max_results should be an integer from 0 to 60."),
    ("admin_list_user_auth_events", ("u", None, 5), {}, "next_token should be a str or None"),
    ("admin_update_auth_event_feedback", ("u", "e", "maybe"), {}, "feedback must be 'valid' or 'invalid'"),
    ("admin_update_auth_event_feedback", ("u", None, "valid"), {}, "The event_id and feedback should be strings."),
    ("update_auth_event_feedback", ("u", "e", "", "valid"), {}, "The feedback_token should be a non-empty string."),
    ("update_auth_event_feedback", ("u", "e", "t", "ok"), {}, "feedback must be 'valid' or 'invalid'"),
]


@pytest.mark.parametrize("cls", [CognitoPy, AsyncCognitoPy], ids=["sync", "async"])
@pytest.mark.parametrize(
    ("method", "args", "kwargs", "message"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_bad_arguments_raise_value_error_first(cls: type, method: str, args: tuple, kwargs: dict, message: str) -> None:
    client = Driver(cls("us-east-1_x", "cid", "sec", True, endpoint_url="http://127.0.0.1:9", max_attempts=1))
    with pytest.raises(ValueError, match=None) as info:
        getattr(client, method)(*args, **kwargs)
    assert message in str(info.value)
    assert not isinstance(info.value, EndpointConnectionError)


def test_every_public_method_has_a_validation_case() -> None:
    public = {n for n in dir(CognitoPy) if not n.startswith("_") and callable(getattr(CognitoPy, n))}
    public -= {"close_connection"}
    covered = {c[0] for c in CASES} | {"resolve_challenge_sms_mfa"}
    assert public <= covered, public - covered


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1, "c", "s"), "The userpool_id, client_id and client_secret should be strings"),
        (("us-east-1_x", None, "s"), "The userpool_id, client_id and client_secret should be strings"),
        (("us-east-1_x", "c", None), "The userpool_id, client_id and client_secret should be strings"),
        (("nounderscore", "c", "s"), "The format userpool_id is incorrect"),
        (("_abc", "c", "s"), "The format userpool_id is incorrect"),
    ],
)
def test_constructor_checks(args: tuple, message: str) -> None:
    for cls in (CognitoPy, AsyncCognitoPy):
        with pytest.raises(ValueError, match=message):
            cls(*args)


def test_constructor_extras() -> None:
    c = CognitoPy("us-east-1_abc", "c", "s", region="eu-west-1")
    assert c.region_name == "eu-west-1"
    # cognitopy took any pool id with region=; it must be '<region>_<id>' now (issue 15).
    with pytest.raises(ValueError, match="user pool id"):
        CognitoPy("nounderscore", "c", "s", region="eu-west-1")
    c = CognitoPy("eu-central-1_abc", "c", "")
    assert (c.userpool_id, c.client_id, c.client_secret, c.region_name) == ("eu-central-1_abc", "c", "", "eu-central-1")
    with pytest.raises(AttributeError):
        c.userpool_id = "x"  # type: ignore[misc]
    for bad in ({"connect_timeout": -1}, {"read_timeout": 0}, {"max_attempts": 0}):
        with pytest.raises(ValueError):
            CognitoPy("us-east-1_x", "c", "s", **bad)


@pytest.mark.parametrize("cls", [CognitoPy, AsyncCognitoPy, Cognito, SyncCognito], ids=lambda c: c.__name__)
@pytest.mark.parametrize("bad", [1, b"dev", ["dev"]], ids=["int", "bytes", "list"])
def test_profile_name_must_be_a_str(cls: type, bad: object) -> None:
    args = ("us-east-1_x", "c", "s") if cls in (CognitoPy, AsyncCognitoPy) else ("us-east-1_x", "c")
    with pytest.raises(TypeError, match="profile_name"):
        cls(*args, endpoint_url="http://127.0.0.1:9", profile_name=bad)
    with pytest.raises(ValueError, match="profile_name must not be empty"):
        cls(*args, endpoint_url="http://127.0.0.1:9", profile_name="")
    cls(*args, endpoint_url="http://127.0.0.1:9", profile_name="dev")  # no file read, no call made
