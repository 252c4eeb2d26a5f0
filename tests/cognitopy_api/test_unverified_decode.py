"""get_info_user_by_token decodes without verifying (as cognitopy did); its documentation must
say so where users read it, and point to the verifier."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from fastcognito.cognitopy import AsyncCognitoPy, CognitoPy
from fastcognito.verifier import TokenVerifier

ROOT = Path(__file__).resolve().parents[2]


def _forged(claims: dict[str, object]) -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part(claims)}.c2ln"


def test_a_forged_token_is_decoded_so_the_docstring_warns() -> None:
    # Anyone can write these claims: that is why the method must not be used for authorization.
    forged = _forged({"username": "mallory", "sub": "x", "cognito:groups": ["admins"]})
    client = CognitoPy("eu-west-1_AbC123", "abc", "")
    assert client.get_info_user_by_token(forged)["groups"] == ["admins"]
    for cls in (CognitoPy, AsyncCognitoPy):
        doc = cls.get_info_user_by_token.__doc__ or ""
        assert "WITHOUT verifying" in doc
        assert "never use it to decide what a request may do" in doc
        assert TokenVerifier.__name__ in doc


def test_compat_doc_says_not_to_authorize_with_it() -> None:
    compat = (ROOT / "docs" / "compat.md").read_text()
    assert "do not use it for authorization" in compat
    assert "`fastcognito.TokenVerifier`" in compat
