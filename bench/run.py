"""Benchmarks fastcognito against cognitopy 1.1.6, mandate 2.0.1 and pycognito 2024.5.1, in
one run, against one local emulator (and a canned responder that shows the client's own cost).

    python bench/run.py            # full run (builds fastcognito in release mode once)
    python bench/run.py --quick    # fewer repetitions, for a smoke test

It creates bench/.venv with the three peers from PyPI (mandate with a current aioboto3: its
own pin conflicts with cognitopy's boto3) and fastcognito's release wheel, then runs every
measurement in a fresh process of that interpreter (see worker.py). Each figure is the median
over repeated runs. Results: bench/results.json and bench/results.md.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV = BENCH / ".venv"
PY = VENV / "bin" / "python"

PEERS = ["cognitopy==1.1.6", "pycognito==2024.5.1"]
MANDATE_DEPS = ["aioboto3>=13", "aiohttp", "attrs", "envs", "python-jose", "six"]
PASSWORD = "Bench0Passw0rd!"
LIBS_SYNC = ["fastcognito", "cognitopy", "pycognito"]
LIBS_ASYNC = ["fastcognito-async", "mandate"]
ALL = ["fastcognito", "fastcognito-async", "cognitopy", "pycognito", "mandate"]


def sh(*cmd: str, **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def prepare(rebuild: bool) -> None:
    if not PY.exists():
        sh(sys.executable, "-m", "venv", str(VENV))
        sh(str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        sh(str(PY), "-m", "pip", "install", "--quiet", *PEERS)
        # mandate's own pin (aioboto3 < 10) conflicts with cognitopy's boto3: use a current one.
        sh(str(PY), "-m", "pip", "install", "--quiet", *MANDATE_DEPS)
        sh(str(PY), "-m", "pip", "install", "--quiet", "--no-deps", "mandate==2.0.1")
    wheels = sorted(glob.glob(str(BENCH / "dist" / "fastcognito-*.whl")))
    if rebuild or not wheels:
        sh("maturin", "build", "--release", "--quiet", "-o", str(BENCH / "dist"), cwd=ROOT)
        wheels = sorted(glob.glob(str(BENCH / "dist" / "fastcognito-*.whl")), key=os.path.getmtime)
    sh(str(PY), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", wheels[-1])


def versions() -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in "
        "['fastcognito', 'cognitopy', 'pycognito', 'mandate', 'boto3', 'aioboto3', 'PyJWT', 'python-jose']}))"
    )
    return json.loads(subprocess.run([str(PY), "-c", code], capture_output=True, text=True, check=True).stdout)


def worker(lib: str, scenario: str, ctx: dict, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [str(PY), str(BENCH / "worker.py"), lib, scenario, json.dumps(ctx)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{lib} {scenario} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def mint_tokens(pool_id: str, client_id: str, username: str) -> dict[str, str]:
    """Real RS256 tokens for the canned responder, signed with moto's test key."""
    from joserfc import jwt
    from joserfc.jwk import RSAKey

    from fastcognito.testing._moto import signing_key

    key = RSAKey.import_key(signing_key())
    now = int(time.time())
    base = {
        "iss": f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}",
        "sub": "5e0349c3",
        "iat": now,
        "auth_time": now,
        "exp": now + 7200,
    }
    header = {"alg": "RS256", "kid": "dummy", "typ": "JWT"}
    return {
        "id": jwt.encode(header, {**base, "aud": client_id, "token_use": "id", "cognito:username": username}, key),
        "access": jwt.encode(
            header, {**base, "client_id": client_id, "token_use": "access", "username": username}, key
        ),
        "refresh": "3f0b1c52-44d1-4bd0-9f0e-1b61e3c2a6a7",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition and fewer calls")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the fastcognito release wheel")
    args = parser.parse_args()
    reps = 1 if args.quick else 3
    n_seq, n_canned, n_thr, n_srp, n_verify = (10, 50, 200, 3, 200) if args.quick else (60, 400, 1000, 10, 2000)

    prepare(args.rebuild)
    from fastcognito import CognitoPy
    from fastcognito.testing import Emulator
    from fastcognito.testing._moto import public_keys

    results: dict[str, dict[str, dict[str, float]]] = {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true",
        COGNITO_JWKS=json.dumps(public_keys()),
    )

    def measure(row: str, libs: list[str], scenario: str, ctx: dict, endpoint: str) -> None:
        run_env = dict(env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=endpoint)
        results[row] = {}
        for lib in libs:
            # mandate spends ~0.1-0.2 s of CPU per call (a new aioboto3 session each time):
            # its 1,000-call throughput runs once instead of `reps` times.
            times = 1 if (lib == "mandate" and scenario == "throughput") else reps
            runs = [worker(lib, scenario, ctx, run_env) for _ in range(times)]
            results[row][lib] = median_of(runs)
            print(
                f"  {row:<34} {lib:<18} {json.dumps({k: round(v, 3) for k, v in results[row][lib].items()})}",
                flush=True,
            )

    with Emulator() as emu:
        pool = emu.setup()
        admin = CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emu.url)
        os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true")
        admin.register("bench", PASSWORD, {"email": "bench@example.com"})
        admin.admin_confirm_register("bench")
        tokens = admin.login("bench", PASSWORD)
        ctx = {
            "endpoint": emu.url,
            "pool_id": pool.pool_id,
            "client_id": pool.public_client_id,
            "username": "bench",
            "password": PASSWORD,
            "tokens": {"id": tokens["id_token"], "access": tokens["access_token"], "refresh": tokens["refresh_token"]},
        }

        canned_ctx = dict(ctx, pool_id="us-east-1_bench", client_id="benchclient")
        canned_ctx["tokens"] = mint_tokens(canned_ctx["pool_id"], canned_ctx["client_id"], "bench")
        canned = subprocess.Popen(
            [str(PY), str(BENCH / "canned.py"), json.dumps(canned_ctx["tokens"])], stdout=subprocess.PIPE, text=True
        )
        try:
            assert canned.stdout is not None
            canned_url = f"http://127.0.0.1:{int(canned.stdout.readline().split()[1])}"
            canned_ctx["endpoint"] = canned_url

            print("import, memory, construction", flush=True)
            for _ in range(1):
                results["import"] = {}
                for lib in ["fastcognito", "cognitopy", "pycognito", "mandate"]:
                    runs = [worker(lib, "import", ctx, env) for _ in range(max(reps, 5))]
                    results["import"][lib] = median_of(runs)
                    print(
                        f"  import {lib:<18} {json.dumps({k: round(v, 2) for k, v in results['import'][lib].items()})}"
                    )
            for server, c, url, n in (("moto", ctx, emu.url, n_seq), ("canned", canned_ctx, canned_url, n_canned)):
                print(f"sequential calls against {server}", flush=True)
                for op in ("admin_get_user", "login", "refresh"):
                    measure(f"{op} ({server})", ALL, op, dict(c, n=n), url)
                print(f"throughput against {server}", flush=True)
                measure(f"throughput threads ({server})", LIBS_SYNC, "throughput", dict(c, n=n_thr, workers=32), url)
                measure(f"throughput asyncio ({server})", LIBS_ASYNC, "throughput", dict(c, n=n_thr, workers=64), url)
            print("SRP and token verification", flush=True)
            measure(
                "srp (moto)",
                ["fastcognito", "fastcognito-async", "pycognito", "mandate"],
                "srp",
                dict(ctx, n=n_srp),
                emu.url,
            )
            measure(
                "verify",
                ["fastcognito", "fastcognito-async", "pycognito", "mandate"],
                "verify",
                dict(canned_ctx, n=n_verify),
                canned_url,
            )
        finally:
            canned.terminate()
            canned.wait()

    meta = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}",
        "cpu": next(
            (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?"
        ),
        "versions": versions(),
        "repetitions": reps,
        "calls": {
            "sequential_moto": n_seq,
            "sequential_canned": n_canned,
            "throughput": n_thr,
            "srp": n_srp,
            "verify": n_verify,
        },
    }
    (BENCH / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    table = report(meta, results)
    (BENCH / "results.md").write_text(table)
    print()
    print(table)


LOWER = {"import_ms", "rss_import_mb", "rss_client_mb", "construct_us", "latency_ms", "cpu_ms_per_call", "us_per_call"}


def ratio(row: dict[str, dict[str, float]], key: str) -> str:
    ours = [row[lib][key] for lib in ("fastcognito", "fastcognito-async") if lib in row]
    peers = [row[lib][key] for lib in ("cognitopy", "pycognito", "mandate") if lib in row]
    if not ours or not peers:
        return ""
    if key in LOWER:
        return f"{min(peers) / min(ours):.1f}x"
    return f"{max(ours) / max(peers):.1f}x"


def report(meta: dict, results: dict[str, dict[str, dict[str, float]]]) -> str:
    cols = ALL
    lines = [
        f"Measured {meta['date']} on {meta['machine']} ({meta['cpu']}); each figure the median of "
        f"{meta['repetitions']} runs (import: of at least 5 processes; mandate's throughput: one run). Versions: "
        + ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
        + ".",
        "",
        "fastcognito = CognitoPy/SyncCognito (blocking), fastcognito-async = Cognito (awaited). "
        '"vs best peer" is how many times better fastcognito\'s best figure is than the best of '
        "cognitopy, pycognito and mandate (lower time or memory, higher rate).",
        "",
        "| measure | " + " | ".join(cols) + " | vs best peer |",
        "|---|" + "---|" * (len(cols) + 1),
    ]

    def add(label: str, row_key: str, key: str, fmt: str) -> None:
        row = results.get(row_key, {})
        if not row:
            return
        cells = [format(row[c][key], fmt) if c in row else "" for c in cols]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio(row, key)} |")

    imp = results["import"]
    imp["fastcognito-async"] = imp["fastcognito"]
    add("import time, fresh process (ms)", "import", "import_ms", ".1f")
    add("RSS after import (MB)", "import", "rss_import_mb", ".1f")
    add("RSS after constructing a client (MB)", "import", "rss_client_mb", ".1f")
    add("client construction (µs)", "import", "construct_us", ".1f")
    for server in ("moto", "canned"):
        for op in ("admin_get_user", "login", "refresh"):
            add(f"{op} latency vs {server} (ms)", f"{op} ({server})", "latency_ms", ".2f")
            add(f"{op} client CPU vs {server} (ms/call)", f"{op} ({server})", "cpu_ms_per_call", ".3f")
        add(
            f"1,000 admin_get_user, 32 threads, vs {server} (calls/s)",
            f"throughput threads ({server})",
            "calls_per_second",
            ".0f",
        )
        add(
            f"1,000 admin_get_user, asyncio, vs {server} (calls/s)",
            f"throughput asyncio ({server})",
            "calls_per_second",
            ".0f",
        )
    add("SRP authentication, client CPU (ms)", "srp (moto)", "cpu_ms_per_call", ".1f")
    add("token verifications per second (cached JWKS)", "verify", "per_second", ".0f")
    add("token verification (µs each)", "verify", "us_per_call", ".1f")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
