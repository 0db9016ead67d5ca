"""Glue for bench/run.sh (standard library only): prepare the sandbox, measure the ceiling with
wrk, and merge every language's records into the results JSON and Markdown.

    harness.py prepare --url URL --total N [--objects N --object-properties M]
                                                    -> prints "KEY SPACE_ID [OBJECTS_SPACE_ID]"
    harness.py ceiling --url URL --space-id ID --runs N --duration S --out FILE   (key: ANYTYPE_BENCH_KEY)
    harness.py report --out-json FILE --out-md FILE [--meta K=V ...] RECORDS.json ...

A records file is ``{"records": [...]}``; each record is
``{language, scenario, impl, label, unit, runs: [...], median, params}`` with ``impl`` one of
``sdk``, ``alternative``, ``ffi`` or ``ceiling``. A scenario may have several alternatives: each
``alternative`` record then names itself in an optional ``alternative`` field (e.g. ``"urllib3"``;
without it the record's ``label`` is its name, so a runner with one alternative per scenario, like
the Rust, Kotlin and Swift ones, writes nothing more). ``report`` compares each ``sdk`` record with
every ``alternative`` of the same language and scenario, names the fastest, and relates
throughputs to the ceiling.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import urllib.request
from typing import Any, Dict, List, Optional

# --------------------------------------------------------------------------------------------
# prepare
# --------------------------------------------------------------------------------------------


def _request(method: str, url: str, key: Optional[str] = None, body: Optional[Dict[str, Any]] = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, method=method, data=data)
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


def prepare(args: argparse.Namespace) -> int:
    base = args.url.rstrip("/")
    key = _request("POST", f"{base}/_sandbox/keys")["api_key"]
    objects_space = None
    if args.objects:
        # A fresh space (it counts among --total: run.sh starts the sandbox with one space fewer)
        # filled with generated page objects, each with --object-properties values of mixed formats
        # on top of the server's system properties.
        objects_space = _request("POST", f"{base}/v1/spaces", key, {"name": "bench objects"})["space"]["id"]
        added = _request(
            "POST",
            f"{base}/_sandbox/spaces/{objects_space}/objects?count={args.objects}&properties={args.object_properties}",
            key,
        )
        listed = _request("GET", f"{base}/v1/spaces/{objects_space}/objects?offset=0&limit=1", key)
        if added.get("added") != args.objects or listed["pagination"]["total"] != args.objects:
            print(f"could not fill the objects space: {added!r}, total {listed['pagination']['total']}", file=sys.stderr)
            return 1
    page = _request("GET", f"{base}/v1/spaces?offset=0&limit=1", key)
    total = page["pagination"]["total"]
    if total != args.total:
        print(f"the sandbox has {total} spaces, expected {args.total}", file=sys.stderr)
        return 1
    space = page["data"][0]
    # Benchmarks get this space: the first one, which has an emoji icon (the richer shape).
    print(key, space["id"], *([objects_space] if objects_space else []))
    return 0


class _Multipart:
    """A multipart/form-data body (one field `file`) read from disk a chunk at a time."""

    def __init__(self, path: str, boundary: str) -> None:
        name = os.path.basename(path)
        self.head = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{boundary}--\r\n".encode()
        self.length = len(self.head) + os.path.getsize(path) + len(self.tail)
        self.file = open(path, "rb")
        self.parts = [self.head]

    def read(self, size: int = -1) -> bytes:
        while self.parts is not None:
            if self.parts:
                return self.parts.pop()
            chunk = self.file.read(1 << 20)
            if chunk:
                return chunk
            self.file.close()
            self.parts = None
            return self.tail
        return b""


def prepare_files(args: argparse.Namespace) -> int:
    """Write a file of --file-mb MiB of random bytes into --dir and upload it once (the download
    benchmarks fetch it); print its path and the uploaded file object's id."""
    path = os.path.join(args.dir, f"bench-{args.file_mb}MiB.bin")
    with open(path, "wb") as f:
        for _ in range(args.file_mb):
            f.write(os.urandom(1 << 20))
    boundary = "anytype-bench-" + os.urandom(8).hex()
    body = _Multipart(path, boundary)
    request = urllib.request.Request(
        f"{args.url.rstrip('/')}/v1/spaces/{args.space_id}/files", method="POST", data=body  # type: ignore[arg-type]
    )
    request.add_header("Authorization", f"Bearer {args.key}")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Content-Length", str(body.length))
    with urllib.request.urlopen(request, timeout=600) as response:
        uploaded = json.load(response)
    object_id = uploaded.get("object_id") or (uploaded.get("object") or {}).get("id")
    if not object_id:
        print(f"the upload answered no object id: {uploaded!r}", file=sys.stderr)
        return 1
    print(path, object_id)
    return 0


# --------------------------------------------------------------------------------------------
# ceiling
# --------------------------------------------------------------------------------------------

_UNITS = {"": 1.0, "k": 1e3, "M": 1e6}


def _wrk_rps(output: str) -> float:
    match = re.search(r"Requests/sec:\s*([0-9.]+)([kM]?)", output)
    if not match:
        raise RuntimeError(f"no Requests/sec in wrk's output:\n{output}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _wrk_errors(output: str) -> str:
    lines = [l.strip() for l in output.splitlines() if "Non-2xx" in l or "Socket errors" in l]
    return "; ".join(lines)


def ceiling(args: argparse.Namespace) -> int:
    wrk = shutil.which("wrk")
    records: List[Dict[str, Any]] = []
    notes: List[str] = []
    if wrk is None:
        notes.append("wrk is not installed and could not be installed: no ceiling was measured")
    else:
        version = subprocess.run([wrk, "-v"], capture_output=True, text=True)
        label = (version.stdout + version.stderr).strip().splitlines()[0] if (version.stdout + version.stderr).strip() else "wrk"
        url = f"{args.url.rstrip('/')}/v1/spaces/{args.space_id}"
        header = f"Authorization: Bearer {os.environ['ANYTYPE_BENCH_KEY']}"
        for scenario, threads, connections, duration in [
            ("ceiling_get", args.threads, args.connections, args.duration),
            ("ceiling_get_sequential", 1, 1, args.sequential_duration),
        ]:
            runs = []
            for run in range(args.runs):
                command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "-H", header, url]
                done = subprocess.run(command, capture_output=True, text=True)
                if done.returncode != 0:
                    raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
                errors = _wrk_errors(done.stdout)
                if errors:
                    raise RuntimeError(f"wrk saw errors: {errors}")
                rps = _wrk_rps(done.stdout)
                print(f"  native {scenario:<23} wrk         run {run + 1}: {rps:.0f} req/s", file=sys.stderr)
                runs.append(rps)
            records.append(
                {
                    "language": "native", "scenario": scenario, "impl": "ceiling",
                    "label": f"{label}, {threads} thread(s), {connections} connection(s), {duration} s",
                    "unit": "req/s", "median": statistics.median(runs), "runs": runs,
                    "params": {"threads": threads, "connections": connections, "duration_s": duration},
                }
            )
    with open(args.out, "w") as f:
        json.dump({"records": records, "notes": notes}, f)
    return 0


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------

# Scenario -> (title, which direction is better, the ceiling to relate it to, how to turn a value into req/s)
SCENARIOS = {
    "ffi_noop_sync": ("FFI call: sync noop()", "lower", None),
    "ffi_noop_async": ("FFI call: await noop_async()", "lower", None),
    "sequential_get": ("sequential get, 1 in flight (mean per call)", "lower", "ceiling_get_sequential"),
    "sequential_get_blocking": ("sequential get, blocking API (mean per call)", "lower", "ceiling_get_sequential"),
    "concurrent_get": ("concurrent get, 64 in flight (throughput)", "higher", "ceiling_get"),
    "list_all_pages": ("list all spaces, pages of 1,000 (per listing)", "lower", None),
    "list_all_objects": ("list 10,000 objects with 10 values each, pages of 1,000 (per listing)", "lower", None),
    "list_all_objects_blocking": (
        "list 10,000 objects with 10 values each, pages of 1,000, blocking API (per listing)", "lower", None,
    ),
    "search_all_objects": (
        "search 10,000 objects (filter, sort; about 3 in 4 match), pages of 1,000 (per search)", "lower", None,
    ),
    "search_all_objects_blocking": (
        "search 10,000 objects (filter, sort; about 3 in 4 match), pages of 1,000, blocking API (per search)",
        "lower", None,
    ),
    "upload_file": ("upload a 200 MiB file, streamed from disk (throughput)", "higher", None),
    "upload_file_blocking": ("upload a 200 MiB file, blocking API (throughput)", "higher", None),
    "download_file": ("download a 200 MiB file, streamed to disk (throughput)", "higher", None),
    "download_file_blocking": ("download a 200 MiB file, blocking API (throughput)", "higher", None),
    "chat_stream": ("chat stream: 10,000 messages received and decoded (throughput)", "higher", None),
    "chat_stream_blocking": ("chat stream: 10,000 messages, blocking API (throughput)", "higher", None),
    "rss_growth_upload_file": ("peak RSS growth over idle: upload 200 MiB", "lower", None),
    "rss_growth_upload_file_blocking": ("peak RSS growth over idle: upload 200 MiB, blocking API", "lower", None),
    "rss_growth_download_file": ("peak RSS growth over idle: download 200 MiB", "lower", None),
    "rss_growth_download_file_blocking": ("peak RSS growth over idle: download 200 MiB, blocking API", "lower", None),
    "peak_rss_upload_file": ("peak RSS: upload 200 MiB", "lower", None),
    "peak_rss_upload_file_blocking": ("peak RSS: upload 200 MiB, blocking API", "lower", None),
    "peak_rss_download_file": ("peak RSS: download 200 MiB", "lower", None),
    "peak_rss_download_file_blocking": ("peak RSS: download 200 MiB, blocking API", "lower", None),
    "peak_rss_chat_stream": ("peak RSS: chat stream of 10,000 messages", "lower", None),
    "peak_rss_chat_stream_blocking": ("peak RSS: chat stream of 10,000 messages, blocking API", "lower", None),
    "peak_rss_concurrent_get": ("peak RSS: concurrent get", "lower", None),
    "peak_rss_list_all_pages": ("peak RSS: list all spaces", "lower", None),
    "peak_rss_list_all_objects": ("peak RSS: list 10,000 objects", "lower", None),
    "peak_rss_list_all_objects_blocking": ("peak RSS: list 10,000 objects, blocking API", "lower", None),
    "peak_rss_search_all_objects": ("peak RSS: search 10,000 objects", "lower", None),
    "peak_rss_search_all_objects_blocking": ("peak RSS: search 10,000 objects, blocking API", "lower", None),
}
LANGUAGE_ORDER = ["rust", "python", "kotlin", "swift"]
UNIT_TEXT = {
    "us/call": "µs", "ns/call": "ns", "req/s": "req/s", "ms/listing": "ms", "MiB": "MiB", "MiB/s": "MiB/s",
    "msg/s": "msg/s",
}


def _as_rps(value: float, unit: str) -> Optional[float]:
    if unit == "req/s":
        return value
    if unit == "us/call":
        return 1e6 / value
    return None


def _fmt(value: Optional[float], unit: str) -> str:
    if value is None:
        return "—"
    text = UNIT_TEXT.get(unit, unit)
    if abs(value) >= 1000:
        return f"{value:,.0f} {text}"
    if abs(value) >= 100:
        return f"{value:.0f} {text}"
    if abs(value) >= 10:
        return f"{value:.1f} {text}"
    return f"{value:.2f} {text}"


def _verdict(ratio: float, better: str, unit: str) -> str:
    """Words for the reader: is the SDK better or worse here, and by what factor?"""
    if abs(ratio - 1) < 0.02:
        return "about equal"
    factor = 1 / ratio if better == "lower" else ratio  # > 1: the SDK is better
    if unit == "MiB":
        return f"SDK {factor:.2f}× leaner" if factor > 1 else f"SDK {1 / factor:.2f}× heavier"
    return f"SDK {factor:.2f}× faster" if factor > 1 else f"SDK {1 / factor:.2f}× slower"


def _alternative_name(record: Dict[str, Any]) -> str:
    return record.get("alternative") or record.get("label") or "alternative"


def _machine(meta: Dict[str, str]) -> Dict[str, Any]:
    def read(path: str) -> str:
        try:
            with open(path) as f:
                return f.read()
        except OSError:
            return ""

    cpuinfo = read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = read("/proc/meminfo")
    mem_kib = re.search(r"^MemTotal:\s*(\d+)", meminfo, re.M)
    os_release = re.search(r'^PRETTY_NAME="?([^"\n]+)', read("/etc/os-release"), re.M)

    def command(*argv: str) -> Optional[str]:
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip() or None
        except (OSError, subprocess.SubprocessError):
            return None

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # run.sh passes the commit it started from (the tree may change while a run goes on).
    commit = meta.get("git_commit") or command("git", "-C", root, "rev-parse", "HEAD")
    if "git_dirty" in meta:
        dirty = meta["git_dirty"] == "true"
    else:
        dirty = bool(command("git", "-C", root, "status", "--porcelain", "--untracked-files=no"))
    machine = {
        "cpu_model": model.group(1).strip() if model else platform.processor() or None,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gib": round(int(mem_kib.group(1)) / 1024 / 1024, 1) if mem_kib else None,
        "os": f"{os_release.group(1) if os_release else platform.system()} (kernel {platform.release()})",
        "rustc": command("rustc", "--version"),
        "python": meta.get("python") or platform.python_version(),
        "git_commit": commit,
        "git_dirty": dirty,
        "date_utc": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "loadavg_end": read("/proc/loadavg").split()[:3],
    }
    if "loadavg_start" in meta:
        machine["loadavg_start"] = meta["loadavg_start"].split()
    if "wall_seconds" in meta:
        machine["wall_seconds"] = _number(meta["wall_seconds"])
    return machine


# --meta keys that describe the machine or the run, not the benchmark's configuration.
_MACHINE_META = {"python", "git_commit", "git_dirty", "loadavg_start", "wall_seconds"}


def _number(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def report(args: argparse.Namespace) -> int:
    meta = dict(item.split("=", 1) for item in args.meta)
    records: List[Dict[str, Any]] = []
    notes: List[str] = []
    versions: Dict[str, Any] = {}
    for path in args.records:
        with open(path) as f:
            data = json.load(f)
        records.extend(data.get("records", []))
        notes.extend(data.get("notes", []))
        versions.update(data.get("versions", {}))

    by_key = {(r["language"], r["scenario"], r["impl"]): r for r in records if r["impl"] != "alternative"}
    alternatives: Dict[tuple, List[Dict[str, Any]]] = {}
    for r in records:
        if r["impl"] == "alternative":
            alternatives.setdefault((r["language"], r["scenario"]), []).append(r)
    ceilings = {r["scenario"]: r for r in records if r["impl"] == "ceiling"}
    comparisons = []
    rows = []
    for scenario in SCENARIOS:
        title, better, ceiling_name = SCENARIOS[scenario]
        ceiling_record = ceilings.get(ceiling_name) if ceiling_name else None
        languages = sorted(
            {r["language"] for r in records if r["scenario"] == scenario},
            key=lambda l: LANGUAGE_ORDER.index(l) if l in LANGUAGE_ORDER else len(LANGUAGE_ORDER),
        )
        for language in languages:
            sdk = by_key.get((language, scenario, "sdk")) or by_key.get((language, scenario, "ffi"))
            if sdk is None:
                continue
            unit = sdk["unit"]
            # A --tiny run lists fewer objects, moves a smaller file and streams fewer messages.
            params = sdk.get("params") or {}
            title = SCENARIOS[scenario][0]
            for key, full, text in (
                ("objects_total", 10_000, "{:,} objects"),
                ("file_mb", 200, "{} MiB"),
                ("messages", 10_000, "{:,} messages"),
            ):
                if params.get(key) and params[key] != full:
                    title = title.replace(text.format(full), text.format(params[key]))
            # Best first: the fastest (or leanest) alternative is the one the SDK is measured against.
            alts = sorted(
                alternatives.get((language, scenario), []),
                key=lambda r: r["median"] if better == "lower" else -r["median"],
            )

            def ratio_to(alt: Optional[Dict[str, Any]]) -> Optional[float]:
                return sdk["median"] / alt["median"] if alt and alt["median"] else None

            def fractions_for(alt: Optional[Dict[str, Any]]) -> Dict[str, Optional[float]]:
                fractions: Dict[str, Optional[float]] = {}
                if ceiling_record:
                    for name, record in (("sdk", sdk), ("alternative", alt)):
                        rps = _as_rps(record["median"], unit) if record else None
                        fractions[name] = rps / ceiling_record["median"] if rps is not None else None
                return fractions

            fastest = alts[0] if alts else None
            comparisons.append(
                {
                    "language": language, "scenario": scenario, "unit": unit, "better": better,
                    "sdk": sdk["median"], "sdk_label": sdk.get("label"),
                    # The fastest alternative (the only one, for most languages).
                    "alternative": fastest["median"] if fastest else None,
                    "alternative_label": fastest.get("label") if fastest else None,
                    "alternative_name": _alternative_name(fastest) if fastest else None,
                    "ratio_sdk_over_alternative": ratio_to(fastest),
                    "ceiling": ceiling_name if ceiling_record else None,
                    "fraction_of_ceiling": fractions_for(fastest) or None,
                    # Every alternative, fastest first.
                    "alternatives": [
                        {
                            "name": _alternative_name(alt), "label": alt.get("label"), "median": alt["median"],
                            "ratio_sdk_over_alternative": ratio_to(alt),
                            "fraction_of_ceiling": fractions_for(alt) or None,
                        }
                        for alt in alts
                    ],
                }
            )
            for index, alt in enumerate(alts or [None]):
                ratio = ratio_to(alt)
                fractions = fractions_for(alt)
                ratio_text = f"{ratio:.2f} ({_verdict(ratio, better, unit)})" if ratio else "—"
                if fractions:
                    fraction_text = " / ".join(f"{v:.2f}" if v is not None else "—" for v in fractions.values())
                else:
                    fraction_text = "—"
                alt_text = _fmt(alt["median"], unit) if alt else "—"
                if len(alts) > 1:
                    # Several alternatives: one row each, named, the fastest first.
                    best = " (leanest)" if unit == "MiB" else " (fastest)"
                    alt_text = f"{_alternative_name(alt)}: {alt_text}" + (best if index == 0 else "")
                rows.append(
                    f"| {title} | {language} | {_fmt(sdk['median'], unit)} | {alt_text} | {ratio_text} | {fraction_text} |"
                )
    for name, record in sorted(ceilings.items()):
        title = {
            "ceiling_get": "**ceiling**: sandbox under wrk, 64 connections",
            "ceiling_get_sequential": "**ceiling**: sandbox under wrk, 1 connection",
        }.get(name, name)
        per_call = f" ({1e6 / record['median']:.1f} µs/call)" if name == "ceiling_get_sequential" else ""
        rows.append(f"| {title} | native | — | {_fmt(record['median'], 'req/s')}{per_call} | — | 1.00 |")

    kind = meta.get("kind", "full")
    machine = _machine(meta)
    header = [
        "| benchmark | language | SDK | alternative | ratio SDK/alt. | fraction of ceiling (SDK / alt.) |",
        "|---|---|---|---|---|---|",
    ]
    runs = {len(r["runs"]) for r in records}
    lines = [
        f"# Benchmark results ({kind} run)",
        "",
        f"{machine['date_utc']} · commit `{(machine['git_commit'] or '?')[:12]}`{' (dirty)' if machine['git_dirty'] else ''} · "
        f"{machine['cpu_model']} · {machine['cores']} cores · {machine['ram_gib']} GiB · {machine['os']} · "
        f"{machine['rustc']} · Python {machine['python']}",
        "",
        f"Medians of {', '.join(str(n) for n in sorted(runs))} run(s). Ratio = SDK median / alternative median "
        "(µs, ms, ns, MiB: lower is better; req/s: higher is better); where a scenario has several "
        "alternatives, each has its own row, the fastest first. Fraction of ceiling = throughput "
        "(req/s, or 1/latency for sequential calls) / the sandbox's own rate under wrk with the same number "
        "of connections. Load average (1/5/15 min) at the start: "
        + " ".join(machine.get("loadavg_start", ["?"]))
        + ", at the end: "
        + " ".join(machine["loadavg_end"])
        + ". See bench/README.md.",
        "",
        *header,
        *rows,
    ]
    for note in notes:
        lines += ["", f"Note: {note}"]
    markdown = "\n".join(lines) + "\n"
    document = {
        "schema": 1,
        "kind": kind,
        "machine": machine,
        "config": {k: _number(v) for k, v in meta.items() if k not in _MACHINE_META},
        "versions": versions,
        "notes": notes,
        "records": records,
        "comparisons": comparisons,
    }
    with open(args.out_json, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    with open(args.out_md, "w") as f:
        f.write(markdown)
    print(markdown)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--url", required=True)
    p.add_argument("--total", type=int, required=True)
    p.add_argument("--objects", type=int, default=0, help="also create a space with this many generated objects")
    p.add_argument("--object-properties", type=int, default=10)
    f = sub.add_parser("prepare-files")
    f.add_argument("--url", required=True)
    f.add_argument("--key", required=True)
    f.add_argument("--space-id", required=True)
    f.add_argument("--file-mb", type=int, required=True)
    f.add_argument("--dir", required=True)
    c = sub.add_parser("ceiling")
    c.add_argument("--url", required=True)
    c.add_argument("--space-id", required=True)
    c.add_argument("--runs", type=int, default=5)
    c.add_argument("--duration", type=int, default=5)
    c.add_argument("--sequential-duration", type=int, default=3)
    c.add_argument("--threads", type=int, default=2)
    c.add_argument("--connections", type=int, default=64)
    c.add_argument("--out", required=True)
    r = sub.add_parser("report")
    r.add_argument("--out-json", required=True)
    r.add_argument("--out-md", required=True)
    r.add_argument("--meta", action="append", default=[], help="KEY=VALUE stored with the results")
    r.add_argument("records", nargs="+")
    args = parser.parse_args()
    return {"prepare": prepare, "prepare-files": prepare_files, "ceiling": ceiling, "report": report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
