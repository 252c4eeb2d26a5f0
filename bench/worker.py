"""One measurement of one library, in a fresh process: ``python worker.py LIB SCENARIO CTX_JSON``.
Prints one JSON object. Run by run.py with the benchmark virtualenv's interpreter.

LIB: fastcognito (CognitoPy / SyncCognito), fastcognito-async (Cognito), cognitopy,
pycognito, mandate. Client CPU is ``time.process_time()`` of this process (all its threads),
so the server's work is not counted.
"""

from __future__ import annotations

import json
import sys
import time

# Cold start is measured by run.py with plain `python -c "import ..."` processes, not here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

ASYNC_LIBS = {"fastcognito-async", "mandate"}


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def make_client(lib: str, ctx: dict[str, Any]) -> Any:
    pool, client, user = ctx["pool_id"], ctx["client_id"], ctx["username"]
    if lib == "fastcognito":
        from fastcognito import CognitoPy

        return CognitoPy(pool, client, "", endpoint_url=ctx["endpoint"])
    if lib == "fastcognito-sync-mandate":
        from fastcognito import SyncCognito

        return SyncCognito(pool, client, username=user, endpoint_url=ctx["endpoint"])
    if lib == "fastcognito-async-cognitopy":
        from fastcognito import AsyncCognitoPy

        return AsyncCognitoPy(pool, client, "", endpoint_url=ctx["endpoint"])
    if lib == "fastcognito-async":
        from fastcognito import Cognito

        return Cognito(pool, client, username=user, endpoint_url=ctx["endpoint"])
    if lib == "cognitopy":
        from cognitopy import CognitoPy

        return CognitoPy(pool, client, "")
    if lib == "pycognito":
        from pycognito import Cognito

        return Cognito(pool, client, username=user)
    from mandate import Cognito

    return Cognito(pool, client, username=user)


def operation(lib: str, op: str, ctx: dict[str, Any]) -> Callable[[], Any]:
    """A zero-argument callable (sync libs) or coroutine function (async libs) for one call."""
    user, password, tokens = ctx["username"], ctx["password"], ctx["tokens"]
    if lib == "fastcognito-async" and op not in ("srp", "verify"):
        # The awaited twin of the blocking column's CognitoPy, so that the two columns differ
        # only by the hand-off (Cognito would also verify both tokens of every sign-in).
        lib = "fastcognito-async-cognitopy"
    if lib in ("fastcognito", "cognitopy", "fastcognito-async-cognitopy"):
        if op in ("srp", "verify"):
            # cognitopy has neither; fastcognito's SRP and verification live on SyncCognito.
            if lib == "cognitopy":
                raise NotImplementedError
            return operation("fastcognito-sync-mandate", op, ctx)
        c = make_client(lib, ctx)
        return {
            "admin_get_user": lambda: c.admin_get_user(user),
            "login": lambda: c.login(user, password),
            "refresh": lambda: c.renew_access_token(tokens["access"], tokens["refresh"]),
        }[op]
    c = make_client(lib, ctx)
    c.id_token, c.access_token, c.refresh_token = tokens["id"], tokens["access"], tokens["refresh"]
    calls: dict[str, Callable[[], Any]] = {
        "admin_get_user": lambda: c.admin_get_user(),
        "login": lambda: c.admin_authenticate(password),
        "refresh": lambda: c.renew_access_token(),
        "srp": lambda: c.authenticate(password),
        "verify": lambda: c.verify_token(tokens["id"], "id_token", "id"),
    }
    return calls[op]


def run_sequential(lib: str, op: str, ctx: dict[str, Any], n: int) -> dict[str, float]:
    import asyncio
    import statistics

    call = operation(lib, op, ctx)
    is_async = lib in ASYNC_LIBS
    latencies: list[float] = []

    async def loop_async() -> None:
        for _ in range(n):
            t = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - t)

    # One warm-up call (connection, JWKS cache, lazy client).
    if is_async:
        asyncio.run(_once(call))
    else:
        call()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if is_async:
        asyncio.run(loop_async())
    else:
        for _ in range(n):
            t = time.perf_counter()
            call()
            latencies.append(time.perf_counter() - t)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {
        "latency_ms": statistics.median(latencies) * 1e3,
        "cpu_ms_per_call": cpu / n * 1e3,
        "per_second": n / wall,
        "us_per_call": wall / n * 1e6,
    }


async def _once(call: Callable[[], Any]) -> None:
    await call()


def run_throughput(lib: str, ctx: dict[str, Any], n: int, workers: int) -> dict[str, float]:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    call = operation(lib, "admin_get_user", ctx)
    if lib in ASYNC_LIBS:

        async def main() -> None:
            await call()
            limit = asyncio.Semaphore(workers)

            async def one() -> None:
                async with limit:
                    await call()

            start = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(n)))
            result["wall"] = time.perf_counter() - start

        result: dict[str, float] = {}
        cpu0 = time.process_time()
        asyncio.run(main())
        return {"calls_per_second": n / result["wall"], "cpu_ms_per_call": (time.process_time() - cpu0) / n * 1e3}
    call()
    cpu0, start = time.process_time(), time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(call) for _ in range(n)]:
            future.result()
    wall = time.perf_counter() - start
    return {"calls_per_second": n / wall, "cpu_ms_per_call": (time.process_time() - cpu0) / n * 1e3}


def run_scale(lib: str, ctx: dict[str, Any], n: int) -> dict[str, float]:
    """n awaited calls all in flight at once (no semaphore): calls/s, errors, peak RSS."""
    import asyncio
    import resource

    call = operation(lib, "admin_get_user", ctx)
    result: dict[str, float] = {}

    async def main() -> None:
        await call()
        result["rss_before_mb"] = rss_mb()
        start = time.perf_counter()
        outcomes = await asyncio.gather(*(call() for _ in range(n)), return_exceptions=True)
        result["wall"] = time.perf_counter() - start
        result["errors"] = sum(isinstance(o, BaseException) for o in outcomes)

    asyncio.run(main())
    return {
        "calls_per_second": n / result["wall"],
        "errors": result["errors"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": result["rss_before_mb"],
        "calls": n,
    }


def token_verifier(ctx: dict[str, Any], cache_size: int) -> Any:
    import os

    from fastcognito import TokenVerifier

    return TokenVerifier(
        ctx["pool_id"],
        ctx["client_id"],
        "id",
        jwks=os.environ["COGNITO_JWKS"],
        endpoint_url=ctx["endpoint"],  # loopback: moto's test key is accepted
        cache_size=cache_size,
    )


def run_verify(lib: str, ctx: dict[str, Any], n: int, seen: bool) -> dict[str, float]:
    """One thread verifying the same id token n times: with fastcognito's TokenVerifier,
    remembered after the first (`seen`) or never (cache_size=0: each one a first
    verification, with the keys at hand); the peers have no such cache, so each of theirs is
    a full verification with their cached JWKS."""
    import asyncio

    token = ctx["tokens"]["id"]
    if lib.startswith("fastcognito"):
        verifier = token_verifier(ctx, 16384 if seen else 0)
        if lib == "fastcognito":
            verify = verifier.verify
            verify(token)
            cpu0, wall0 = time.process_time(), time.perf_counter()
            for _ in range(n):
                verify(token)
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            return {"per_second": n / wall, "us_per_call": wall / n * 1e6, "cpu_us_per_call": cpu / n * 1e6}
        verify_async = verifier.verify_async
    else:
        call = operation(lib, "verify", ctx)
        if lib not in ASYNC_LIBS:
            call()
            cpu0, wall0 = time.process_time(), time.perf_counter()
            for _ in range(n):
                call()
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            return {"per_second": n / wall, "us_per_call": wall / n * 1e6, "cpu_us_per_call": cpu / n * 1e6}

        def verify_async(_token: str) -> Any:
            return call()

    async def loop() -> dict[str, float]:
        await verify_async(token)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(n):
            await verify_async(token)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        return {"per_second": n / wall, "us_per_call": wall / n * 1e6, "cpu_us_per_call": cpu / n * 1e6}

    return asyncio.run(loop())


def run_construct(lib: str, ctx: dict[str, Any]) -> dict[str, float]:
    """Client construction, warm: the median of many."""
    import statistics

    make_client(lib, ctx)
    samples = []
    for _ in range(200):
        t = time.perf_counter()
        make_client(lib, ctx)
        samples.append(time.perf_counter() - t)
    return {"construct_us": statistics.median(samples) * 1e6}


def main() -> None:
    lib, scenario, ctx = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    if scenario == "construct":
        out = run_construct(lib, ctx)
    elif scenario == "throughput":
        out = run_throughput(lib, ctx, ctx["n"], ctx["workers"])
    elif scenario == "scale":
        out = run_scale(lib, ctx, ctx["n"])
    elif scenario in ("verify_seen", "verify_first"):
        out = run_verify(lib, ctx, ctx["n"], scenario == "verify_seen")
    else:
        out = run_sequential(lib, scenario, ctx, ctx["n"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
