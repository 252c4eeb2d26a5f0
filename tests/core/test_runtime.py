"""The runtime: GIL released while waiting, one client shared by threads and tasks, fork."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from fastcognito import AsyncCognitoPy, CognitoPy
from fastcognito.cognitopy import ExceptionConnectionCognito
from fastcognito.exceptions import ReadTimeoutError
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD, Api


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    sock.close()


def test_sync_call_releases_the_gil_and_times_out(silent_server: str) -> None:
    client = CognitoPy("us-east-1_x", "cid", "", endpoint_url=silent_server, read_timeout=1.0, max_attempts=1)
    outcome: dict[str, BaseException] = {}

    def call() -> None:
        try:
            client.login("u", "p")
        except BaseException as e:  # noqa: BLE001
            outcome["error"] = e

    worker = threading.Thread(target=call)
    start = time.monotonic()
    worker.start()
    spins = 0
    while worker.is_alive() and time.monotonic() - start < 0.8:
        spins += 1
    worker.join(timeout=30)
    elapsed = time.monotonic() - start
    # Had the GIL been held during the wait, this thread could not have run meanwhile.
    assert spins > 10_000
    assert isinstance(outcome.get("error"), ReadTimeoutError)
    assert isinstance(outcome["error"], ExceptionConnectionCognito)
    assert 0.9 < elapsed < 10


def test_fifty_threads_share_one_client(api: Api) -> None:
    if api.cls is not CognitoPy:
        pytest.skip("threads drive the blocking class")
    names = [api.confirmed() for _ in range(5)]
    client = api.api.client

    def work(i: int) -> str:
        name = names[i % len(names)]
        assert client.admin_get_user(name)["username"] == name
        assert client.login(name, PASSWORD)["access_token"]
        return name

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(work, range(50)))
    assert sorted(set(results)) == sorted(names)


def test_asyncio_tasks_share_one_client(emulator: Emulator, pool: Pool) -> None:
    client = AsyncCognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)

    async def main() -> list[str]:
        names = [f"task-{i}" for i in range(20)]
        await asyncio.gather(*(client.register(n, PASSWORD, {}) for n in names))
        await asyncio.gather(*(client.admin_confirm_register(n) for n in names))
        users = await asyncio.gather(*(client.admin_get_user(n) for n in names))
        return [u["username"] for u in users]

    assert asyncio.run(main()) == [f"task-{i}" for i in range(20)]
    # A second event loop on the same client works too.
    assert asyncio.run(client.admin_get_user("task-0"))["user_status"] == "CONFIRMED"


def test_client_works_in_a_forked_child(emulator: Emulator, pool: Pool) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from fastcognito import CognitoPy
        c = CognitoPy({pool.pool_id!r}, {pool.public_client_id!r}, "", endpoint_url={emulator.url!r})
        c.register("forky", {PASSWORD!r}, {{}})
        c.admin_confirm_register("forky")
        assert c.login("forky", {PASSWORD!r})["access_token"]
        pid = os.fork()
        if pid == 0:
            ok = c.login("forky", {PASSWORD!r})["access_token"] and c.admin_get_user("forky")["username"] == "forky"
            os._exit(0 if ok else 3)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                print("child", code)
                sys.exit(code)
            time.sleep(0.05)
        os.kill(pid, 9)
        print("child hung")
        sys.exit(9)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, (out.stdout, out.stderr)
    assert "child 0" in out.stdout


def test_a_forked_child_gets_every_turn_its_parent_held() -> None:
    """The parent forks with 128 calls on the wire (the client's bound, all held by a server that
    never answers them); in the child, whose copies of those calls will never end, the same
    client still goes on the wire at once."""
    script = textwrap.dedent(
        """
        import asyncio, os, socket, sys, threading, time
        from fastcognito import AsyncCognitoPy
        from fastcognito.exceptions import UserNotFoundException

        held, lock, seen = [], threading.Lock(), [0]
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(512)

        def handle(conn):
            data = b""
            while b"\\r\\n\\r\\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            with lock:
                seen[0] += 1
                if seen[0] <= 128:
                    held.append(conn)  # never answered
                    return
            body = b'{"__type":"UserNotFoundException","message":"no such user"}'
            head = b"HTTP/1.1 400 Bad Request\\r\\nContent-Type: application/x-amz-json-1.1\\r\\n"
            conn.sendall(head + b"Connection: close\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
            conn.close()

        def serve():
            while True:
                conn, _ = listener.accept()
                threading.Thread(target=handle, args=(conn,), daemon=True).start()

        threading.Thread(target=serve, daemon=True).start()
        url = "http://127.0.0.1:%d" % listener.getsockname()[1]
        client = AsyncCognitoPy("us-east-1_abc", "cid", "", endpoint_url=url, max_attempts=1)

        async def hang():
            await asyncio.gather(*(client.admin_get_user("u") for _ in range(128)), return_exceptions=True)

        threading.Thread(target=asyncio.run, args=(hang(),), daemon=True).start()
        deadline = time.monotonic() + 20
        while seen[0] < 128 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert seen[0] == 128, seen[0]
        pid = os.fork()
        if pid == 0:
            async def one():
                try:
                    await asyncio.wait_for(client.admin_get_user("u"), 10)
                except UserNotFoundException:
                    return 0
                except asyncio.TimeoutError:
                    return 4
                return 5
            os._exit(asyncio.run(one()))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                print("child", os.waitstatus_to_exitcode(status))
                os._exit(0)
            time.sleep(0.05)
        os.kill(pid, 9)
        print("child hung")
        os._exit(0)
        """
    )
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret", AWS_SESSION_TOKEN="")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=90, env=env)
    assert out.returncode == 0, (out.stdout, out.stderr)
    assert "child 0" in out.stdout, (out.stdout, out.stderr)
