"""Python benchmarks: the anytype SDK against httpx + json + dataclasses, on one running sandbox.

    python bench.py suite --url URL --space-id ID [--total N] [--runs 5] [--sequential 2000]
                          [--concurrent 20000] [--in-flight 64] [--page-size 1000]
                          [--ffi-sync 500000] [--ffi-async 20000]
    python bench.py one SCENARIO IMPL (same options)

The API key comes from ANYTYPE_BENCH_KEY (never from the command line). ``suite`` installs httpx
into this interpreter's environment if it is missing, runs every measurement ``--runs`` times,
each run of each implementation in a fresh child process (so ``ru_maxrss`` is that scenario's own
peak), and prints ``{"records": [{language, scenario, impl, unit, runs, median, ...}]}``.
``one`` runs a single measurement and prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional

# --------------------------------------------------------------------------------------------
# The alternative: httpx + json + dataclasses with the same fields as anytype.Space.
# --------------------------------------------------------------------------------------------


@dataclass
class Icon:
    format: str
    emoji: Optional[str] = None
    file: Optional[str] = None
    name: Optional[str] = None
    color: Optional[str] = None


@dataclass
class Space:
    id: str
    name: str
    description: str
    icon: Optional[Icon]
    gateway_url: str
    network_id: str
    kind: str


_KINDS = {
    "space": "space",
    "anytype.space": "space",
    "chatspace": "chat_space",
    "anytype.chatspace": "chat_space",
    "onetoone": "one_to_one",
    "anytype.onetoone": "one_to_one",
    "techspace": "tech_space",
    "anytype.techspace": "tech_space",
}


def space_from_json(d: Dict[str, Any]) -> Space:
    icon = d.get("icon")
    return Space(
        id=d["id"],
        name=d.get("name") or "",
        description=d.get("description") or "",
        icon=Icon(
            format=icon.get("format", ""),
            emoji=icon.get("emoji"),
            file=icon.get("file"),
            name=icon.get("name"),
            color=icon.get("color"),
        )
        if icon
        else None,
        gateway_url=d.get("gateway_url") or "",
        network_id=d.get("network_id") or "",
        kind=_KINDS.get(d.get("object") or "space", d.get("object")),
    )


def headers(key: str) -> Dict[str, str]:
    return {
        "Authorization": f"Bearer {key}",
        "Accept": "application/json",
        "Anytype-Version": "2025-11-08",
    }


# --------------------------------------------------------------------------------------------
# Scenarios. Each returns (value, count); value is in the scenario's unit.
# --------------------------------------------------------------------------------------------

UNITS = {
    "ffi_noop_sync": "ns/call",
    "ffi_noop_async": "ns/call",
    "sequential_get": "us/call",
    "sequential_get_blocking": "us/call",
    "concurrent_get": "req/s",
    "list_all_pages": "ms/listing",
}

LABELS = {
    ("ffi_noop_sync", "ffi"): "anytype._ffi.anytype_ffi.noop()",
    ("ffi_noop_async", "ffi"): "await anytype._ffi.anytype_ffi.noop_async()",
    ("sequential_get", "sdk"): "anytype (asyncio)",
    ("sequential_get", "alternative"): "httpx.AsyncClient + json + dataclasses",
    ("sequential_get_blocking", "sdk"): "anytype.blocking",
    ("sequential_get_blocking", "alternative"): "httpx.Client + json + dataclasses",
    ("concurrent_get", "sdk"): "anytype (asyncio)",
    ("concurrent_get", "alternative"): "httpx.AsyncClient + json + dataclasses",
    ("list_all_pages", "sdk"): "anytype list_all(page_size)",
    ("list_all_pages", "alternative"): "httpx.AsyncClient + json + dataclasses",
}


def ffi_noop_sync(args: argparse.Namespace) -> tuple:
    from anytype._ffi.anytype_ffi import noop

    n = args.ffi_sync
    for _ in range(min(n, 10_000)):
        noop()
    started = time.perf_counter_ns()
    for _ in range(n):
        noop()
    return (time.perf_counter_ns() - started) / n, n


def ffi_noop_async(args: argparse.Namespace) -> tuple:
    from anytype._ffi.anytype_ffi import noop_async

    n = args.ffi_async

    async def main() -> float:
        for _ in range(min(n, 1_000)):
            await noop_async()
        started = time.perf_counter_ns()
        for _ in range(n):
            await noop_async()
        return (time.perf_counter_ns() - started) / n

    return asyncio.run(main()), n


def _check(space: Any, space_id: str) -> None:
    if space.id != space_id:
        raise RuntimeError(f"got space {space.id}, asked for {space_id}")


async def _sequential_async(get: Callable[[], Awaitable[Any]], n: int, space_id: str) -> float:
    for _ in range(max(1, min(n // 10, 200))):
        _check(await get(), space_id)
    started = time.perf_counter()
    for _ in range(n):
        _check(await get(), space_id)
    return (time.perf_counter() - started) * 1e6 / n


def _sequential_sync(get: Callable[[], Any], n: int, space_id: str) -> float:
    for _ in range(max(1, min(n // 10, 200))):
        _check(get(), space_id)
    started = time.perf_counter()
    for _ in range(n):
        _check(get(), space_id)
    return (time.perf_counter() - started) * 1e6 / n


async def _concurrent(get: Callable[[], Awaitable[Any]], n: int, in_flight: int, space_id: str) -> float:
    """``n`` gets with ``in_flight`` worker tasks; returns requests per second."""
    counter = itertools.count()

    async def worker() -> None:
        while next(counter) < n:
            _check(await get(), space_id)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return n / (time.perf_counter() - started)


def _sdk_client(args: argparse.Namespace, blocking: bool = False) -> Any:
    import anytype
    from anytype import blocking as anytype_blocking

    config = anytype.ClientConfig(base_url=args.url)
    module = anytype_blocking if blocking else anytype
    return module.AnytypeClient(os.environ["ANYTYPE_BENCH_KEY"], config).spaces()


def _httpx_async(args: argparse.Namespace) -> Any:
    import httpx

    return httpx.AsyncClient(
        headers=headers(os.environ["ANYTYPE_BENCH_KEY"]),
        limits=httpx.Limits(max_connections=args.in_flight, max_keepalive_connections=args.in_flight),
        timeout=30.0,
        trust_env=False,
    )


def _url(args: argparse.Namespace) -> str:
    return f"{args.url.rstrip('/')}/v1/spaces/{args.space_id}"


def sequential_get(args: argparse.Namespace, impl: str) -> tuple:
    async def main() -> float:
        if impl == "sdk":
            spaces = _sdk_client(args)
            return await _sequential_async(lambda: spaces.get(args.space_id), args.sequential, args.space_id)
        url = _url(args)
        async with _httpx_async(args) as client:

            async def get() -> Space:
                response = await client.get(url)
                response.raise_for_status()
                return space_from_json(response.json()["space"])

            return await _sequential_async(get, args.sequential, args.space_id)

    return asyncio.run(main()), args.sequential


def sequential_get_blocking(args: argparse.Namespace, impl: str) -> tuple:
    if impl == "sdk":
        spaces = _sdk_client(args, blocking=True)
        return _sequential_sync(lambda: spaces.get(args.space_id), args.sequential, args.space_id), args.sequential
    import httpx

    url = _url(args)
    with httpx.Client(headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0, trust_env=False) as client:

        def get() -> Space:
            response = client.get(url)
            response.raise_for_status()
            return space_from_json(response.json()["space"])

        return _sequential_sync(get, args.sequential, args.space_id), args.sequential


def concurrent_get(args: argparse.Namespace, impl: str) -> tuple:
    async def main() -> float:
        warmup = args.in_flight * 4
        if impl == "sdk":
            spaces = _sdk_client(args)

            def get() -> Awaitable[Any]:
                return spaces.get(args.space_id)

            await _concurrent(get, warmup, args.in_flight, args.space_id)
            return await _concurrent(get, args.concurrent, args.in_flight, args.space_id)
        url = _url(args)
        async with _httpx_async(args) as client:

            async def get_raw() -> Space:
                response = await client.get(url)
                response.raise_for_status()
                return space_from_json(response.json()["space"])

            await _concurrent(get_raw, warmup, args.in_flight, args.space_id)
            return await _concurrent(get_raw, args.concurrent, args.in_flight, args.space_id)

    return asyncio.run(main()), args.concurrent


async def _httpx_list_all(client: Any, base: str, page_size: int) -> List[Space]:
    spaces: List[Space] = []
    offset = 0
    while True:
        response = await client.get(f"{base}/v1/spaces", params={"offset": offset, "limit": page_size})
        response.raise_for_status()
        body = response.json()
        data = body.get("data") or []
        spaces.extend(space_from_json(item) for item in data)
        offset += len(data)
        if not body.get("pagination", {}).get("has_more") or not data:
            return spaces


def list_all_pages(args: argparse.Namespace, impl: str) -> tuple:
    async def main() -> float:
        if impl == "sdk":
            spaces = _sdk_client(args)
            _check(await spaces.get(args.space_id), args.space_id)  # opens the connection
            started = time.perf_counter()
            listed = await spaces.list_all(args.page_size)
        else:
            async with _httpx_async(args) as client:
                response = await client.get(_url(args))  # opens the connection
                response.raise_for_status()
                started = time.perf_counter()
                listed = await _httpx_list_all(client, args.url.rstrip("/"), args.page_size)
        elapsed = time.perf_counter() - started
        if len(listed) != args.total:
            raise RuntimeError(f"listed {len(listed)} spaces, expected {args.total}")
        return elapsed * 1e3

    return asyncio.run(main()), args.total


def one(args: argparse.Namespace) -> Dict[str, Any]:
    scenario, impl = args.scenario, args.impl
    if scenario == "ffi_noop_sync":
        value, count = ffi_noop_sync(args)
    elif scenario == "ffi_noop_async":
        value, count = ffi_noop_async(args)
    else:
        runner = {
            "sequential_get": sequential_get,
            "sequential_get_blocking": sequential_get_blocking,
            "concurrent_get": concurrent_get,
            "list_all_pages": list_all_pages,
        }[scenario]
        value, count = runner(args, impl)
    return {
        "scenario": scenario,
        "impl": impl,
        "unit": UNITS[scenario],
        "value": value,
        "count": count,
        # Linux reports ru_maxrss in KiB.
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


# --------------------------------------------------------------------------------------------
# The suite.
# --------------------------------------------------------------------------------------------

PLAN = [
    ("ffi_noop_sync", ["ffi"]),
    ("ffi_noop_async", ["ffi"]),
    ("sequential_get", ["sdk", "alternative"]),
    ("sequential_get_blocking", ["sdk", "alternative"]),
    ("concurrent_get", ["sdk", "alternative"]),
    ("list_all_pages", ["sdk", "alternative"]),
]
RSS_SCENARIOS = {"concurrent_get", "list_all_pages"}
PASSED_OPTIONS = ["url", "space_id", "total", "sequential", "concurrent", "in_flight", "page_size", "ffi_sync", "ffi_async"]


def ensure_httpx() -> Dict[str, str]:
    """Install httpx (and sniffio) into this environment if missing; return the versions used.

    sniffio: httpcore 1.0.x imports it lazily on every lock it creates, and anyio >= 4.11 no longer
    pulls it in; without it each of those imports fails and searches sys.path again (encode/httpcore
    PR #1103), which made httpx.AsyncClient several times slower here. The alternative is measured at
    its best, so sniffio is installed too.
    """
    missing = [name for name in ("httpx", "sniffio") if importlib.util.find_spec(name) is None]
    if missing:
        print(f"  installing {' '.join(missing)} into this environment", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)
    from importlib.metadata import version

    return {name: version(name) for name in ("httpx", "httpcore", "anyio", "sniffio")}


def child(args: argparse.Namespace, scenario: str, impl: str) -> Dict[str, Any]:
    command = [sys.executable, os.path.abspath(__file__), "one", scenario, impl]
    for name in PASSED_OPTIONS:
        command += ["--" + name.replace("_", "-"), str(getattr(args, name))]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{scenario} {impl} failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def suite(args: argparse.Namespace) -> Dict[str, Any]:
    import anytype

    versions = ensure_httpx()
    httpx_version = versions["httpx"]
    values: Dict[tuple, List[float]] = {}
    rss: Dict[tuple, List[float]] = {}
    for scenario, impls in PLAN:
        for run in range(args.runs):
            # Alternate which implementation goes first, so neither always runs on a warmer machine.
            for impl in impls if run % 2 == 0 else list(reversed(impls)):
                result = child(args, scenario, impl)
                print(
                    f"  python {scenario:<23} {impl:<11} run {run + 1}: {result['value']:.1f} {result['unit']}",
                    file=sys.stderr,
                )
                values.setdefault((scenario, impl), []).append(result["value"])
                rss.setdefault((scenario, impl), []).append(result["peak_rss_kib"] / 1024.0)
    params = {name: getattr(args, name) for name in PASSED_OPTIONS if name not in ("url", "space_id")}
    records = []
    for scenario, impls in PLAN:
        for impl in impls:
            label = LABELS[(scenario, impl)]
            if impl == "alternative":
                label += f" (httpx {httpx_version})"
            runs = values[(scenario, impl)]
            records.append(
                {
                    "language": "python", "scenario": scenario, "impl": impl, "label": label,
                    "unit": UNITS[scenario], "median": statistics.median(runs), "runs": runs, "params": params,
                }
            )
            if scenario in RSS_SCENARIOS:
                runs = rss[(scenario, impl)]
                records.append(
                    {
                        "language": "python", "scenario": f"peak_rss_{scenario}", "impl": impl, "label": label,
                        "unit": "MiB", "median": statistics.median(runs), "runs": runs, "params": params,
                    }
                )
    return {"records": records, "versions": {"anytype": anytype.__version__, **versions}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["suite", "one"])
    parser.add_argument("scenario", nargs="?")
    parser.add_argument("impl", nargs="?")
    parser.add_argument("--url", default=os.environ.get("ANYTYPE_BENCH_URL"), required="ANYTYPE_BENCH_URL" not in os.environ)
    parser.add_argument("--space-id", default=os.environ.get("ANYTYPE_BENCH_SPACE_ID"), required="ANYTYPE_BENCH_SPACE_ID" not in os.environ)
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sequential", type=int, default=2_000)
    parser.add_argument("--concurrent", type=int, default=20_000)
    parser.add_argument("--in-flight", type=int, default=64)
    parser.add_argument("--page-size", type=int, default=1_000)
    parser.add_argument("--ffi-sync", type=int, default=500_000)
    parser.add_argument("--ffi-async", type=int, default=20_000)
    args = parser.parse_args()
    if not os.environ.get("ANYTYPE_BENCH_KEY"):
        parser.error("set ANYTYPE_BENCH_KEY to the API key")
    if args.mode == "one":
        if args.scenario not in UNITS:
            parser.error(f"scenario must be one of {', '.join(UNITS)}")
        print(json.dumps(one(args)))
    else:
        print(json.dumps(suite(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
