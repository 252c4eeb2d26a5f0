"""Benchmarks fastcognito against cognitopy 1.1.6, mandate 2.0.1 and pycognito 2024.5.1, in
one run, against one local emulator (and a canned responder that shows the client's own cost).

    python bench/run.py            # full run (rebuilds the release wheel when sources changed)
    python bench/run.py --quick    # fewer repetitions, for a smoke test

It creates bench/.venv with the three peers from PyPI (mandate with a current aioboto3: its
own pin conflicts with cognitopy's boto3) and fastcognito's release wheel, builds the Rust
floor (bench/floor), then runs every measurement in fresh processes of that interpreter: cold
start as plain `python -c` processes timed by this one, the rest in worker.py. Each figure is
a median. Results: bench/results.json, bench/results.md, and the README's copy of the table
(bench/report.py).
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


def sources_newer_than(path: str) -> bool:
    """Whether any Rust or Python source of fastcognito changed after `path` was written."""
    built = os.path.getmtime(path)
    dirs = [ROOT / "src", ROOT / "crates", ROOT / "python"]
    files = [ROOT / "Cargo.toml", ROOT / "Cargo.lock", ROOT / "pyproject.toml"]
    for d in dirs:
        for dirpath, _, names in os.walk(d):
            files.extend(Path(dirpath) / n for n in names if not n.endswith((".pyc", ".so")))
    return any(f.stat().st_mtime > built for f in files if f.exists())


def build_floor() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "floor"
    sh(
        "cargo",
        "build",
        "--release",
        "--manifest-path",
        str(BENCH / "floor" / "Cargo.toml"),
        "--target-dir",
        str(target),
    )
    return target / "release" / "fastcognito-bench-floor"


def prepare(rebuild: bool) -> None:
    if not PY.exists():
        sh(sys.executable, "-m", "venv", str(VENV))
        sh(str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        sh(str(PY), "-m", "pip", "install", "--quiet", *PEERS)
        # mandate's own pin (aioboto3 < 10) conflicts with cognitopy's boto3: use a current one.
        sh(str(PY), "-m", "pip", "install", "--quiet", *MANDATE_DEPS)
        sh(str(PY), "-m", "pip", "install", "--quiet", "--no-deps", "mandate==2.0.1")
    wheels = sorted(glob.glob(str(BENCH / "dist" / "fastcognito-*.whl")))
    if rebuild or not wheels or sources_newer_than(max(wheels, key=os.path.getmtime)):
        print("Building fastcognito's release wheel (the AWS SDK with fat LTO: 10-20 minutes)", flush=True)
        for old in wheels:
            os.remove(old)
        sh("maturin", "build", "--release", "-o", str(BENCH / "dist"), cwd=ROOT)
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
    """Each key's median over the runs that have it."""
    keys = {k for r in runs for k in r}
    return {k: statistics.median(r[k] for r in runs if k in r) for k in sorted(keys)}


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
    # What Cognito puts in them besides: groups (a list, which every remembered copy copies),
    # ids of the sign-in, and the user's attributes in the id token.
    base.update(
        {
            "cognito:groups": ["admins", "staff"],
            "event_id": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            "origin_jti": "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809",
            "jti": "9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0",
        }
    )
    id_claims = {
        **base,
        "aud": client_id,
        "token_use": "id",
        "cognito:username": username,
        "email": "bench@example.com",
        "email_verified": True,
    }
    access_claims = {
        **base,
        "client_id": client_id,
        "token_use": "access",
        "username": username,
        "scope": "aws.cognito.signin.user.admin",
        "version": 2,
    }
    header = {"alg": "RS256", "kid": "dummy", "typ": "JWT"}
    return {
        "id": jwt.encode(header, id_claims, key),
        "access": jwt.encode(header, access_claims, key),
        "refresh": "3f0b1c52-44d1-4bd0-9f0e-1b61e3c2a6a7",
    }


COLD_CODE = {
    # The import alone, as users pay it (the interpreter's own start-up included).
    "import": {
        "floor": "pass",
        "fastcognito": "import fastcognito",
        "cognitopy": "import cognitopy",
        "pycognito": "import pycognito",
        "mandate": "import mandate",
    },
    "import_compat": {
        "fastcognito": "import fastcognito.cognitopy",
        "fastcognito-async": "import fastcognito.mandate",
        "cognitopy": "import cognitopy",
        "mandate": "import mandate",
    },
    "construct_process": {
        "fastcognito": "from fastcognito import CognitoPy\nCognitoPy({pool!r}, {client!r}, '')",
        "fastcognito-async": "from fastcognito import Cognito\nCognito({pool!r}, {client!r}, username='bench')",
        "cognitopy": "from cognitopy import CognitoPy\nCognitoPy({pool!r}, {client!r}, '')",
        "pycognito": "from pycognito import Cognito\nCognito({pool!r}, {client!r}, username='bench')",
        "mandate": "from mandate import Cognito\nCognito({pool!r}, {client!r}, username='bench')",
    },
    # A Lambda function's first invocation on a new instance (endpoint from the environment).
    "lambda": {
        "fastcognito": "from fastcognito import CognitoPy\nCognitoPy({pool!r}, {client!r}, '').admin_get_user('bench')",
        "fastcognito-async": "import asyncio\nfrom fastcognito import Cognito\n"
        "asyncio.run(Cognito({pool!r}, {client!r}, username='bench').admin_get_user())",
        "cognitopy": "from cognitopy import CognitoPy\nCognitoPy({pool!r}, {client!r}, '').admin_get_user('bench')",
        "pycognito": "from pycognito import Cognito\nCognito({pool!r}, {client!r}, username='bench').admin_get_user()",
        "mandate": "import asyncio\nfrom mandate import Cognito\n"
        "asyncio.run(Cognito({pool!r}, {client!r}, username='bench').admin_get_user())",
    },
}


def fresh_process(code: str, env: dict[str, str]) -> dict[str, float]:
    """`python -c code` in a fresh process: wall time and CPU (user + system), as its parent
    sees them."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(PY), "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = subprocess.run([str(PY), "-c", code], env=env, capture_output=True, text=True).stderr
        raise RuntimeError(f"{code!r} failed:\n{err[-2000:]}")
    return {"wall_ms": wall * 1e3, "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1e3}


def peak_rss(code: str, env: dict[str, str]) -> float:
    """The peak RSS (MB) of a fresh process that runs `code`: its own VmHWM, read at its end
    without importing anything (wait4's ru_maxrss would count the parent's pages the child
    held between fork and exec)."""
    probe = code + "\nprint(open('/proc/self/status').read())"
    out = subprocess.run([str(PY), "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
    kb = next(line.split()[1] for line in out.splitlines() if line.startswith("VmHWM:"))
    return int(kb) / 1024


def cold_start(results: dict, runs: int, rss_runs: int, ctx: dict, env: dict[str, str]) -> None:
    """Every fresh-process row, interleaved round by round so that drift hits all alike."""
    codes = {
        (row, lib): code.format(pool=ctx["pool_id"], client=ctx["client_id"])
        for row, by_lib in COLD_CODE.items()
        for lib, code in by_lib.items()
    }
    samples: dict[tuple[str, str], list[dict[str, float]]] = {key: [] for key in codes}
    for i in range(runs):
        for key, code in codes.items():
            samples[key].append(fresh_process(code, env))
        print(f"  cold start round {i + 1}/{runs}", flush=True)
    for i in range(rss_runs):
        for key, code in codes.items():
            samples[key][i]["rss_mb"] = peak_rss(code, env)
    for (row, lib), runs_of in samples.items():
        figures = median_of(runs_of)
        figures["rss_mb"] = statistics.median(r["rss_mb"] for r in runs_of if "rss_mb" in r)
        results.setdefault(row, {})[lib] = figures
    bare = results["import"]["floor"]
    for lib, figures in results["import"].items():
        if lib != "floor":
            figures["over_bare_ms"] = figures["wall_ms"] - bare["wall_ms"]
            figures["over_bare_rss_mb"] = figures["rss_mb"] - bare["rss_mb"]
    for row in COLD_CODE:
        for lib, figures in results[row].items():
            print(f"  {row:<18} {lib:<18} {json.dumps({k: round(v, 2) for k, v in figures.items()})}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition and fewer calls")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the fastcognito release wheel")
    args = parser.parse_args()
    began = time.time()
    reps = 1 if args.quick else 3
    cold_runs = 5 if args.quick else 21
    rss_runs = 3 if args.quick else 5
    n_seq, n_canned, n_thr, n_srp = (10, 50, 200, 3) if args.quick else (60, 400, 2000, 10)
    n_seen, n_first, n_peer_verify = (20_000, 500, 200) if args.quick else (500_000, 10_000, 2000)
    n_scale, n_scale_mandate, n_mandate = (1000, 50, 20) if args.quick else (10_000, 300, 200)
    n_mandate_seq = 5 if args.quick else 30  # mandate's sequential calls (about 0.1 s of CPU each)

    prepare(args.rebuild)
    floor = build_floor()
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
            # mandate spends ~0.1 s of CPU per call (a new aioboto3 session each time): its
            # many-call rows run once, on fewer calls.
            lib_ctx, times = ctx, reps
            if lib == "mandate" and scenario in ("throughput", "scale"):
                lib_ctx = dict(ctx, n=n_scale_mandate if scenario == "scale" else n_mandate)
                times = 1
            if lib == "mandate" and "n" in ctx and scenario in ("admin_get_user", "login", "refresh"):
                lib_ctx = dict(ctx, n=min(ctx["n"], n_mandate_seq))
            if scenario.startswith("verify_") and not lib.startswith("fastcognito"):
                lib_ctx = dict(ctx, n=n_peer_verify)  # the peers have no cache: each is a full check
            runs = [worker(lib, scenario, lib_ctx, run_env) for _ in range(times)]
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
            canned_env = dict(env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=canned_url)

            print("cold start: fresh processes", flush=True)
            cold_start(results, cold_runs, rss_runs, canned_ctx, canned_env)
            measure("construct", ALL, "construct", canned_ctx, canned_url)

            print("floor: the admin_get_user exchange from a bare hyper client", flush=True)
            floor_runs = []
            for _ in range(reps):
                out = subprocess.run(
                    [str(floor), canned_url, str(n_canned * 10)], capture_output=True, text=True, check=True
                )
                floor_runs.append(json.loads(out.stdout))
            results.setdefault("admin_get_user (canned)", {})

            print("sequential calls against canned", flush=True)
            for op in ("admin_get_user", "login", "refresh"):
                measure(f"{op} (canned)", ALL, op, dict(canned_ctx, n=n_canned), canned_url)
            results["admin_get_user (canned)"]["floor"] = median_of(floor_runs)
            print(f"  floor {json.dumps(results['admin_get_user (canned)']['floor'])}", flush=True)

            print("throughput and scale against canned", flush=True)
            for workers in (1, 8, 32):
                measure(
                    f"threads {workers} (canned)",
                    LIBS_SYNC,
                    "throughput",
                    dict(canned_ctx, n=n_thr, workers=workers),
                    canned_url,
                )
            measure("asyncio (canned)", LIBS_ASYNC, "throughput", dict(canned_ctx, n=n_thr, workers=64), canned_url)
            measure("scale", LIBS_ASYNC, "scale", dict(canned_ctx, n=n_scale), canned_url)

            print("token verification", flush=True)
            verifiers = ["fastcognito", "fastcognito-async", "pycognito", "mandate"]
            measure("verify_seen", verifiers, "verify_seen", dict(canned_ctx, n=n_seen), canned_url)
            measure("verify_first", verifiers, "verify_first", dict(canned_ctx, n=n_first), canned_url)
            measure("verify", verifiers, "verify", dict(canned_ctx, n=n_peer_verify), canned_url)
            for figures in results["verify"].values():
                figures["cpu_us_per_call"] = figures["cpu_ms_per_call"] * 1e3

            print("sequential calls and SRP against moto", flush=True)
            for op in ("admin_get_user", "login", "refresh"):
                measure(f"{op} (moto)", ALL, op, dict(ctx, n=n_seq), emu.url)
            measure(
                "srp (moto)",
                ["fastcognito", "fastcognito-async", "pycognito", "mandate"],
                "srp",
                dict(ctx, n=n_srp),
                emu.url,
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
        "cold_runs": cold_runs,
        "rss_runs": rss_runs,
        "duration_min": (time.time() - began) / 60,
        "calls": {
            "sequential_moto": n_seq,
            "sequential_canned": n_canned,
            "floor": n_canned * 10,
            "throughput": n_thr,
            "throughput_mandate": n_mandate,
            "sequential_mandate": n_mandate_seq,
            "scale": n_scale,
            "scale_mandate": n_scale_mandate,
            "srp": n_srp,
            "verify_seen": n_seen,
            "verify_first": n_first,
            "verify_peers": n_peer_verify,
        },
    }
    (BENCH / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    sys.path.insert(0, str(BENCH))
    import report

    (BENCH / "results.md").write_text(report.render(meta, results))
    report.update_readme()
    print()
    print((BENCH / "results.md").read_text())
    print(f"bench/results.md and README.md updated ({meta['duration_min']:.0f} min)")


if __name__ == "__main__":
    main()
