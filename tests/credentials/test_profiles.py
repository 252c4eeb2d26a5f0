"""Admin calls are signed with whatever the shared config's profile resolves to, as with boto3:
a credential_process, a role assumed from a source_profile, an `aws sso login` session; the
profile comes from profile_name=, else AWS_PROFILE, else "default".

Each test runs in a temporary HOME with its own config and credentials files and without the
suite's AWS_ACCESS_KEY_ID; STS and the SSO portal are loopback stand-ins reached through
AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL_SSO. Which keys signed a call is read back from the
emulator (the SigV4 Credential= of each request)."""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, SyncCognito
from fastcognito.exceptions import NoCredentialsError
from fastcognito.testing import Emulator, Pool

CLASSES = [CognitoPy, AsyncCognitoPy, Cognito, SyncCognito]
CLEARED = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_SSO",
)


@dataclass
class AwsHome:
    home: Path

    def config(self, text: str) -> None:
        (self.home / "config").write_text(text)

    def credentials(self, text: str) -> None:
        (self.home / "credentials").write_text(text)


@pytest.fixture
def aws_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AwsHome:
    for var in CLEARED:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    home = AwsHome(tmp_path)
    home.config("")
    home.credentials("")
    return home


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class StandIn:
    """A loopback HTTP server answering every request with ``answer(seen)`` -> (status, type, body)."""

    answer: Callable[[Seen], tuple[int, str, bytes]]
    seen: list[Seen] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def stand_in() -> Iterator[Callable[[Callable[[Seen], tuple[int, str, bytes]]], StandIn]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[Seen], tuple[int, str, bytes]]) -> StandIn:
        s = StandIn(answer)

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                parts = urlsplit(self.path)
                seen = Seen(
                    self.command,
                    parts.path,
                    {k: v[0] for k, v in parse_qs(parts.query).items()},
                    {k.lower(): v for k, v in self.headers.items()},
                    {k: v[0] for k, v in parse_qs(body).items()},
                )
                s.seen.append(seen)
                status, ctype, out = s.answer(seen)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = handle_one

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        s.url = f"http://127.0.0.1:{server.server_address[1]}"
        return s

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def signed_by(emulator: Emulator, pool: Pool, cls: type, username: str, **kwargs: Any) -> str:
    """Makes one admin call (AdminGetUser) with a new client of ``cls``; the access key id that signed it."""
    before = len(emulator.access_keys(pool.pool_id))
    if cls in (CognitoPy, AsyncCognitoPy):
        client = cls(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url, **kwargs)
        result = client.admin_get_user(username)
    else:
        client = cls(pool.pool_id, pool.public_client_id, username=username, endpoint_url=emulator.url, **kwargs)
        result = client.admin_get_user()
    if inspect.isawaitable(result):
        assert cls in (AsyncCognitoPy, Cognito)
        asyncio.run(result)  # type: ignore[arg-type]
    keys = emulator.access_keys(pool.pool_id)
    assert len(keys) == before + 1
    return keys[-1]


@pytest.fixture
def user(emulator: Emulator, pool: Pool) -> str:
    emulator.create_user(pool.pool_id, "alice", "Passw0rd!x")
    return "alice"


def iso_in(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_credential_process_profile_signs(
    cls: type, aws_home: AwsHome, emulator: Emulator, pool: Pool, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = aws_home.home / "creds.py"
    ran = aws_home.home / "ran"
    script.write_text(
        "import json, pathlib\n"
        f"pathlib.Path({str(ran)!r}).write_text('yes')\n"
        "print(json.dumps({'Version': 1, 'AccessKeyId': 'AKIAPROCESS', 'SecretAccessKey': 'proc-secret',"
        f" 'SessionToken': 'proc-token', 'Expiration': {iso_in(3600)!r}}}))\n"
    )
    aws_home.config(f"[profile proc]\ncredential_process = {sys.executable} {script}\n")
    monkeypatch.setenv("AWS_PROFILE", "proc")
    assert signed_by(emulator, pool, cls, user) == "AKIAPROCESS"
    assert ran.read_text() == "yes"


def sts_answer(key_id: str) -> Callable[[Seen], tuple[int, str, bytes]]:
    def answer(seen: Seen) -> tuple[int, str, bytes]:
        if seen.form.get("Action") != "AssumeRole":
            return 400, "text/xml", b"<ErrorResponse/>"
        body = f"""<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:{seen.form.get("RoleSessionName", "")}</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/admin/{seen.form.get("RoleSessionName", "")}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>{key_id}</AccessKeyId>
      <SecretAccessKey>assumed-secret</SecretAccessKey>
      <SessionToken>assumed-token</SessionToken>
      <Expiration>{iso_in(3600)}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>"""
        return 200, "text/xml", body.encode()

    return answer


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_role_assumed_from_a_source_profile_signs(
    cls: type,
    aws_home: AwsHome,
    emulator: Emulator,
    pool: Pool,
    user: str,
    stand_in: Callable[..., StandIn],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sts = stand_in(sts_answer("ASIAASSUMED"))
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", sts.url)
    aws_home.credentials("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n")
    role = "arn:aws:iam::123456789012:role/admin"
    aws_home.config(f"[profile admin]\nrole_arn = {role}\nsource_profile = base\n")
    assert signed_by(emulator, pool, cls, user, profile_name="admin") == "ASIAASSUMED"
    [call] = sts.seen
    assert call.form["RoleArn"] == role
    # STS was asked with the source profile's keys.
    assert "Credential=AKIABASE/" in call.headers["authorization"]


def sso_answer(key_id: str) -> Callable[[Seen], tuple[int, str, bytes]]:
    def answer(seen: Seen) -> tuple[int, str, bytes]:
        if seen.path != "/federation/credentials" or seen.headers.get("x-amz-sso_bearer_token") != "cached-sso-token":
            return 403, "application/json", b'{"message": "unexpected"}'
        creds = {
            "accessKeyId": key_id,
            "secretAccessKey": "sso-secret",
            "sessionToken": "sso-token",
            "expiration": int((time.time() + 3600) * 1000),
        }
        return 200, "application/json", json.dumps({"roleCredentials": creds}).encode()

    return answer


def cache_token(home: Path, key: str) -> None:
    cache = home / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    token = {
        "accessToken": "cached-sso-token",
        "expiresAt": iso_in(3600),
        "region": "us-east-1",
        "startUrl": "https://example.awsapps.com/start",
    }
    (cache / (hashlib.sha1(key.encode()).hexdigest() + ".json")).write_text(json.dumps(token))


SSO_LEGACY = """[profile sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Admin
"""
SSO_SESSION = """[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
"""


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("style", ["legacy", "sso-session"])
def test_sso_profile_signs(
    cls: type,
    style: str,
    aws_home: AwsHome,
    emulator: Emulator,
    pool: Pool,
    user: str,
    stand_in: Callable[..., StandIn],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    portal = stand_in(sso_answer("ASIASSO"))
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO", portal.url)
    if style == "legacy":
        aws_home.config(SSO_LEGACY)
        cache_token(aws_home.home, "https://example.awsapps.com/start")
    else:
        aws_home.config(SSO_SESSION)
        cache_token(aws_home.home, "corp")
    assert signed_by(emulator, pool, cls, user, profile_name="sso") == "ASIASSO"
    [call] = portal.seen
    assert (call.method, call.query) == ("GET", {"account_id": "123456789012", "role_name": "Admin"})


TWO_PROFILES = """[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = s0

[one]
aws_access_key_id = AKIAONE
aws_secret_access_key = s1

[two]
aws_access_key_id = AKIATWO
aws_secret_access_key = s2
"""


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_aws_profile_selects_and_profile_name_overrides(
    cls: type, aws_home: AwsHome, emulator: Emulator, pool: Pool, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_home.credentials(TWO_PROFILES)
    assert signed_by(emulator, pool, cls, user) == "AKIADEFAULT"
    monkeypatch.setenv("AWS_PROFILE", "one")
    assert signed_by(emulator, pool, cls, user) == "AKIAONE"
    assert signed_by(emulator, pool, cls, user, profile_name="two") == "AKIATWO"
    # As in boto3: key variables outrank AWS_PROFILE, a profile named in code outranks them.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    assert signed_by(emulator, pool, cls, user) == "AKIAENV"
    assert signed_by(emulator, pool, cls, user, profile_name="two") == "AKIATWO"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_named_profile_that_is_missing_is_not_replaced(
    cls: type, aws_home: AwsHome, emulator: Emulator, pool: Pool, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_home.credentials(TWO_PROFILES)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    with pytest.raises(NoCredentialsError, match="profile `missing` was not defined"):
        signed_by(emulator, pool, cls, user, profile_name="missing")
    assert emulator.access_keys(pool.pool_id) == []
