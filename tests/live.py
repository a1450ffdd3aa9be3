"""A live local stack for tests: the locked emulator in this process, ``chalice local`` beside it."""
import contextlib
import socket
import urllib.request

from scripts import devstack, emulator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def stack(monkeypatch, **env_overrides):
    """Yield ``(api_url, provisioned)``; tears everything down afterwards."""
    server, emulator_url = emulator.start()
    # the emulator's state lives in this process's moto backends: start from empty
    urllib.request.urlopen(urllib.request.Request(f"{emulator_url}/moto-api/reset", method="POST"))
    port = free_port()
    env = {**devstack.local_env(emulator_url, f"http://127.0.0.1:{port}"),
           "TABLE_NAME": "signups-live", "RATE_LIMIT_PER_MINUTE": "100000", **env_overrides}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from chalicelib import aws, config, signups, tokens
    config.settings.cache_clear(), tokens.keys.cache_clear(), aws.reset(), signups._cache.clear()
    provisioned = devstack.provision()
    api = devstack.start_api(env, port)
    try:
        devstack.wait_until_up(f"http://127.0.0.1:{port}/health", process=api)
        yield f"http://127.0.0.1:{port}", provisioned
    finally:
        devstack.stop(api)
        server.shutdown()
        aws.reset()
