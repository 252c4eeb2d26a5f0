"""User pool ids and regions are checked when a client or verifier is built (issue 15, item
4), before anything is sent: the region becomes part of the endpoint's host name and the pool
id part of URL paths. Before, any text before the first ``_`` became the region, so the pool id
``evil.example.org/x?_abc`` sent every call, and the key download, to
``https://cognito-idp.evil.example.org/x?.amazonaws.com``."""

from __future__ import annotations

from typing import Any

import pytest

from fastcognito import AsyncCognitoPy, Cognito, CognitoPy, SyncCognito, TokenVerifier, _core

BAD_POOL_IDS = [
    "evil.example.org/x?_abc",
    "us-east-1",
    "_abc",
    "us-east-1_a/b",
    "us-east-1_",
    "us-east-1_a.b",
    "us-east-1_a?b",
    "us-east-1_a b",
    "cognito-idp.evil.org#_abc",
    "US-EAST-1_abc",
    "us-east-1_" + "a" * 60,
]
GOOD_POOL_IDS = ["us-east-1_x", "eu-west-1_AbC123", "us-east-1_abc", "us-east-1_abc123DEF", "us-gov-west-1_Ab1"]
BAD_REGIONS = ["", "evil.example.org", "us-east-1/", "us-east-1.evil.org", "us-east", "us east 1", "1-us"]


def build(kind: str, pool_id: str, region: str | None = None) -> Any:
    if kind == "TokenVerifier":
        return TokenVerifier(pool_id, "client", region=region)
    if kind == "CognitoPy":
        return CognitoPy(pool_id, "client", "", region=region)
    if kind == "AsyncCognitoPy":
        return AsyncCognitoPy(pool_id, "client", "", region=region)
    if kind == "CoreClient":
        return _core.CoreClient(pool_id, "client", region=region)
    cls = Cognito if kind == "Cognito" else SyncCognito
    return cls(pool_id, "client", user_pool_region=region)


KINDS = ["TokenVerifier", "CognitoPy", "AsyncCognitoPy", "Cognito", "SyncCognito", "CoreClient"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("pool_id", BAD_POOL_IDS)
def test_a_bad_pool_id_is_a_value_error(kind: str, pool_id: str) -> None:
    # cognitopy's own message comes first for an id it refused already (no region in it).
    with pytest.raises(ValueError, match="user pool id|The format userpool_id is incorrect") as info:
        build(kind, pool_id)
    assert len(str(info.value)) < 250
    with pytest.raises(ValueError, match="user pool id"):
        build(kind, pool_id, region="us-east-1")  # an explicit region does not make it valid


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("region", BAD_REGIONS)
def test_a_bad_region_is_a_value_error(kind: str, region: str) -> None:
    if region == "" and kind in ("Cognito", "SyncCognito"):
        build(kind, "us-east-1_abc", region=region)  # mandate's "no region": the pool id's
        return
    with pytest.raises(ValueError, match="region"):
        build(kind, "us-east-1_abc", region=region)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("pool_id", GOOD_POOL_IDS)
def test_good_pool_ids_and_regions(kind: str, pool_id: str) -> None:
    build(kind, pool_id)
    build(kind, pool_id, region="eu-central-2")
