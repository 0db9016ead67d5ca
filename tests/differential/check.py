#!/usr/bin/env python3
"""The differential check: one request sequence against the sandbox and a real Anytype server.

    tests/differential/check.py [--sandbox-bin PATH] [--url URL --key KEY [--codes FILE]] [-v]

The real server comes from the options or from ANYTYPE_LIVE_URL, ANYTYPE_LIVE_KEY and (for the
challenge flow) ANYTYPE_LIVE_CODES, a file with one line "CODE APP_NAME" per challenge (the headless
server's helper writes it; see docs/live-and-differential.md). The sandbox binary defaults to
target/release/anytype-sandbox and is started on a free port, with its write limit on (off with
--no-rate-limit, to compare with a server run with ANYTYPE_API_DISABLE_RATE_LIMIT=1).

Both targets get the same requests: the challenge flow and its errors, auth and version headers,
pagination (good and bad), spaces list/get/create/update and their errors, bad bodies, unknown
routes and methods, and inside the test space members, types, templates, properties, tags and
objects (list/get/create/update/delete, values of every common format, list filters, and the
error cases), search (space and global; query text, types, filter conditions of each format that
match or not, nested or, sorting, and the 400s of both filter grammars) and lists (a collection:
add, remove, views, view objects with and without filters, and their errors). For each answer it compares the status, the Content-Type, the Anytype-Version
header, whether rate-limit headers are sent, and the body: its shape (which keys, which JSON types,
null versus absent, the wrappers; the `properties` of a single resource keyed by property key),
the `object` values, the values the check itself chose (names, keys, formats, colours, markdown,
property values; its run token normalised), and error bodies field by field. Ids, timestamps and
counts are never compared. Every difference must be listed, with its reason, in
tests/differential/allow-list.json; a difference that isn't fails the check (exit 1).

Safe on real data: it writes only inside the space named "anytype-sdk live tests" (found, or
created once). Everything it makes there has the run token in its name and key and is deleted
(archived) by the sequence itself, or after the run if a step failed. About 50 writes, paced
below the server's limit (burst 60, then 1/s) and sent again once after a 429.
"""
import argparse
import fnmatch
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VERSION = "2025-11-08"
TEST_SPACE = "anytype-sdk live tests"
TEST_SPACE_DESCRIPTION = (
    "Made by the anytype-sdk live tests (scripts/live.sh). They write only inside this space "
    "and reuse it on every run."
)
MISSING_SPACE = "bafyreinotaspace.123"
CONST_KEYS = {"object"}  # compared by value wherever they occur
# Compared by value outside list pages (`$.data[]`), after the run token is normalised: what the
# check itself sent or what the server derives from it. Ids, timestamps and counts never are.
VALUE_KEYS = {"format", "layout", "archived", "color", "key", "name", "plural_name", "markdown",
              "snippet", "text", "url", "email", "phone", "number", "checkbox", "date", "role", "status"}
# Property values the server fills in itself (times): their `date` is not compared.
TIME_PROPERTIES = {"created_date", "last_modified_date", "last_opened_date", "added_date", "last_message_date"}
# The check's own write bucket: below the server's burst of 60 (other local clients share it).
WRITE_BURST = 40
# One token per run, in every name and key the check makes (normalised to <run> in comparisons).
RUN = "d" + format(int(time.time() * 10) % (36 ** 7), "x")
# The server snake-cases keys (strcase.ToSnake: `d42e` -> `d_42_e`).
RUN_SNAKE = re.sub(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])", "_", RUN)
MISSING_ID = "bafyrei" + "a" * 52  # an object id nothing has
INTERNAL_KEY = re.compile(r'"[0-9a-f]{24}"')


class Target:
    """One server: its base URL, a key, and a way to get the code of a new challenge."""

    def __init__(self, name, url, key, codes=None, fixed_code=None):
        self.name, self.key, self.codes, self.fixed_code = name, key, codes, fixed_code
        parsed = urllib.parse.urlsplit(url.rstrip("/"))
        self.scheme, self.netloc, self.prefix = parsed.scheme, parsed.netloc, parsed.path
        self.vars = {}
        self.writes = 0
        self.created = []  # [(label, delete path)] of what this run made and has not deleted yet
        self.tokens, self.refilled = float(WRITE_BURST), time.monotonic()

    def pace_write(self):
        """Count a write and keep to a bucket smaller than the server's (burst 60, then 1/s)."""
        self.writes += 1
        now = time.monotonic()
        self.tokens = min(float(WRITE_BURST), self.tokens + (now - self.refilled))
        self.refilled = now
        if self.tokens < 1:
            time.sleep(1 - self.tokens)
            self.tokens, self.refilled = 1.0, time.monotonic()
        self.tokens -= 1

    def can_authenticate(self):
        return self.fixed_code is not None or (self.codes and os.path.exists(self.codes))

    def request(self, method, path, headers=None, body=None):
        conn_type = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = conn_type(self.netloc, timeout=30)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
            data = body.encode() if isinstance(body, str) else body
            conn.request(method, self.prefix + path, body=data, headers=headers or {})
            resp = conn.getresponse()
            raw = resp.read()
            return {
                "status": resp.status,
                "headers": {k.lower(): v for k, v in resp.getheaders()},
                "raw": raw,
            }
        finally:
            conn.close()

    def codes_length(self):
        if self.fixed_code is not None:
            return 0
        with open(self.codes, "rb") as f:
            return len(f.read())

    def code_for(self, app_name, since, timeout=15.0):
        """The code of the challenge made for `app_name`: a line written after offset `since`."""
        if self.fixed_code is not None:
            return self.fixed_code
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(self.codes, "rb") as f:
                f.seek(since)
                for line in f.read().decode(errors="replace").splitlines():
                    parts = line.strip().split(" ", 1)
                    if len(parts) == 2 and parts[1] == app_name:
                        return parts[0]
            time.sleep(0.1)
        raise RuntimeError(f"{self.name}: no code for {app_name!r} appeared in {self.codes}")


def headers_for(target, auth="key", version=VERSION, json_body=False, key=None):
    h = {}
    if version is not None:
        h["Anytype-Version"] = version
    if json_body:
        h["Content-Type"] = "application/json"
    if auth == "key":
        h["Authorization"] = f"Bearer {key or target.key}"
    elif auth is not None:
        h["Authorization"] = auth
    return h


# --- the sequence ------------------------------------------------------------------------------
# Each step: (name, function(target) -> response or None). None means "not run on this target"
# (with the reason in target.vars["skip:<name>"]).

def get(path, **kw):
    return lambda t: t.request("GET", path.format(**t.vars), headers_for(t, **kw))


def send(method, path, body, auth="key", write=True):
    def run(t):
        b = body(t) if callable(body) else body
        return write_request(t, method, path.format(**t.vars), b, auth=auth, write=write)
    return run


def write_request(t, method, path, body, auth="key", write=True):
    """A request; a write is paced and counted, and sent once more after a 429 (which the server
    answers before doing anything, so the retry can't duplicate it)."""
    counted = write and auth == "key" and path.startswith("/v1/spaces")
    for attempt in range(2):
        if counted:
            t.pace_write()
        r = t.request(method, path, headers_for(t, auth=auth, json_body=body is not None), body)
        if r["status"] != 429 or attempt:
            return r
        time.sleep(float(r["headers"].get("ratelimit-reset") or 1) + 0.1)
    return r


def challenge_flow(t):
    """Create a challenge; remember its id and code."""
    if not t.can_authenticate():
        t.vars["skip"] = "no codes file: the challenge flow needs the 4-digit code"
        return None
    app = f"anytype-sdk-differential-{os.getpid()}-{int(time.time())}"
    since = t.codes_length()
    r = t.request("POST", "/v1/auth/challenges", headers_for(t, auth=None, json_body=True), {"app_name": app})
    body = json.loads(r["raw"] or b"{}")
    t.vars["challenge_id"] = body.get("challenge_id", "")
    t.vars["code"] = t.code_for(app, since)
    t.vars["wrong_code"] = "0000" if t.vars["code"] != "0000" else "1111"
    return r


def needs_challenge(fn):
    def run(t):
        if "challenge_id" not in t.vars:
            return None
        return fn(t)
    return run


def api_key(code_var):
    def run(t):
        body = {"challenge_id": t.vars["challenge_id"], "code": t.vars[code_var]}
        r = t.request("POST", "/v1/auth/api_keys", headers_for(t, auth=None, json_body=True), body)
        if r["status"] == 201:
            t.vars["new_key"] = json.loads(r["raw"])["api_key"]
        return r
    return run


def with_new_key(t):
    if "new_key" not in t.vars:
        return None
    return t.request("GET", "/v1/spaces?limit=1", headers_for(t, key=t.vars["new_key"]))


def find_test_space(t):
    """Walk every page of spaces looking for the test space; the last page is the answer compared."""
    offset, last = 0, None
    while True:
        last = t.request("GET", f"/v1/spaces?offset={offset}&limit=1000", headers_for(t))
        if last["status"] != 200:
            return last
        page = json.loads(last["raw"])
        for space in page.get("data") or []:
            if space.get("name") == TEST_SPACE:
                t.vars["space_id"] = space["id"]
        if not page.get("pagination", {}).get("has_more"):
            return last
        offset += 1000


def create_test_space(t):
    """Create the test space unless it exists (it is reused across runs: spaces can't be deleted)."""
    if "space_id" in t.vars:
        t.vars["skip"] = f"{TEST_SPACE!r} exists already; compared with the recorded create answer"
        return None
    r = write_request(t, "POST", "/v1/spaces", {"name": TEST_SPACE, "description": TEST_SPACE_DESCRIPTION})
    if r["status"] == 201:
        t.vars["space_id"] = json.loads(r["raw"])["space"]["id"]
    return r


def stamp(t):
    return {"description": TEST_SPACE_DESCRIPTION + f" Last differential check: {time.strftime('%Y-%m-%d %H:%M:%S')}."}


# --- inside the test space: members, types, templates, properties, tags, objects ----------------
# Everything is made inside the test space with RUN in its name and key, remembered in
# target.created, deleted (archived) by the sequence itself, and whatever is left when a step
# fails is deleted after the run.

S = "/v1/spaces/{space_id}"


def body_of(r):
    try:
        return json.loads(r["raw"])
    except ValueError:
        return None


def ok(r):
    return r is not None and 200 <= r["status"] < 300


def remember(fn, **extract):
    """Run `fn`; on success set each var to extract[var](body), when that finds something."""
    def run(t):
        r = fn(t)
        if ok(r):
            body = body_of(r)
            for var, f in extract.items():
                try:
                    value = f(body)
                except (KeyError, IndexError, TypeError, StopIteration):
                    value = None
                if value is not None:
                    t.vars[var] = value
        return r
    return run


def by_key(key):
    return lambda body: next(x["id"] for x in body["data"] if x.get("key") == key)


def create(path, wrapper, var, body, until_keys_known=False):
    """POST; on success remember the new id as `var` (its key as `var`_key) and track it.

    With `until_keys_known`, a 400 "unknown property key" (or a 404 "invalid property id") is sent
    again for up to 10 s: the real server makes a property it just created usable only after a
    moment (eventual consistency), and such an answer means nothing was created, so sending again
    can't duplicate anything."""
    def run(t):
        where = path.format(**t.vars)
        deadline = time.time() + 10
        while True:
            r = write_request(t, "POST", where, body(t) if callable(body) else body)
            raw = r["raw"] or b""
            unknown_key = (r["status"] == 400 and b"unknown property key" in raw) or (
                r["status"] == 404 and b"invalid property id" in raw
            )
            if not (until_keys_known and unknown_key) or time.time() > deadline:
                break
            time.sleep(0.3)
        made = (body_of(r) or {}).get(wrapper) if ok(r) else None
        if isinstance(made, dict) and "id" in made:
            t.created.append((f"{where}/{made['id']}"))
            if var:
                t.vars[var] = made["id"]
                t.vars[var + "_key"] = made.get("key")
        return r
    return run


def delete(path):
    def run(t):
        where = path.format(**t.vars)
        r = write_request(t, "DELETE", where, None)
        if ok(r) and where in t.created:
            t.created.remove(where)
        return r
    return run


def eventually(path, until, timeout=5.0):
    """GET until `until(body)` (the real server's search index lags writes by up to ~1 s)."""
    def run(t):
        deadline = time.time() + timeout
        while True:
            r = t.request("GET", path.format(**t.vars), headers_for(t))
            if (ok(r) and until(body_of(r))) or time.time() > deadline:
                return r
            time.sleep(0.2)
    return run


def cleanup(t):
    """Delete whatever this run made and did not delete itself (after a failed step)."""
    for where in reversed(t.created):
        try:
            status = write_request(t, "DELETE", where, None)["status"]
        except OSError as e:  # the server went away: say what is left
            status = f"failed ({e}); left behind"
        print(f"differential: cleanup {t.name}: DELETE {where} -> {status}")
    t.created.clear()


def name(what):
    return f"SDK diff {RUN} {what}"


def key(what):
    return f"diff_{RUN}_{what}"


BODY = "# Heading\n\nSome **bold** text and a [link](https://example.com).\n\n- item 1\n- item 2\n"


def object_body(t):
    return {
        "type_key": "page",
        "name": name("page"),
        "icon": {"format": "emoji", "emoji": "\U0001F4C4"},
        "body": BODY,
        "properties": [
            {"key": t.vars["text_prop_key"], "text": "  padded text  "},
            {"key": t.vars["select_prop_key"], "select": t.vars["tag_alpha_key"]},
            {"key": t.vars["multi_prop_key"], "multi_select": [t.vars["tag_one_key"], t.vars["tag_two"]]},
            {"key": t.vars["date_prop_key"], "date": "2026-03-01T10:30:00+02:00"},
            {"key": "done", "checkbox": True},
            {"key": "released_year", "number": 1999},
            {"key": "source", "url": "https://example.com/diff"},
        ],
    }


def object_update(t):
    return {
        "name": name("page edited"),
        "markdown": "## Changed\n\nNew text.\n",
        "properties": [
            {"key": t.vars["text_prop_key"], "text": None},
            {"key": t.vars["date_prop_key"], "date": "2026-04-02"},
            {"key": "done", "checkbox": False},
            {"key": t.vars["select_prop_key"], "select": t.vars["tag_beta"]},
        ],
    }


def bad_object(properties, type_key="page"):
    def body(t):
        b = {"name": name("never"), "properties": [{k: v.format(**t.vars) if isinstance(v, str) else v
                                                     for k, v in p.items()} for p in properties]}
        if type_key is not None:
            b["type_key"] = type_key.format(run=RUN)
        return b
    return create(S + "/objects", "object", None, body)


# --- search, filters and lists (docs/filters.md) ------------------------------------------------

def search(path, body, hits=False, timeout=5.0):
    """POST a search. With `hits`, send it again until it finds something (the real server's
    index lags writes by up to ~1 s); a search is not a write (no pacing, no limit)."""
    def run(t):
        b = body(t) if callable(body) else body
        deadline = time.time() + timeout
        while True:
            r = t.request("POST", path.format(**t.vars), headers_for(t, json_body=True), b)
            if not hits or (ok(r) and (body_of(r) or {}).get("data")) or time.time() > deadline:
                return r
            time.sleep(0.2)
    return run


def mine(*conditions, operator="and", filters=None, **extra):
    """A space search for this run's page only, with `conditions` ({var} in strings filled in)."""
    def body(t):
        def fill(v):
            if isinstance(v, str):
                return v.format(**t.vars)
            if isinstance(v, list):
                return [fill(x) for x in v]
            if isinstance(v, dict):
                return {k: fill(x) for k, x in v.items()}
            return v
        expr = {"operator": operator, "conditions": fill(list(conditions))}
        if filters is not None:
            expr["filters"] = fill(filters)
        return {"query": name("page"), "types": ["page"], "filters": expr, **extra}
    return body


def objects_query(query):
    """GET this run's page through list filters (`{var}` filled in, then sent as is)."""
    return get(S + "/objects?name=" + urllib.parse.quote(name("page")) + "&" + query)


def only_filter(query):
    """GET objects with one filter: an error case (with two, which one the real server reports
    first is random: it reads the filters from a Go map)."""
    return get(S + "/objects?" + query)


def text_cond(condition, value):
    return {"property_key": "{text_prop_key}", "condition": condition, "text": value}


SEARCH_STEPS = [
    ("search-space-query", search(S + "/search?limit=5", lambda t: {"query": name("page"), "types": ["page"]}, hits=True)),
    ("search-global-query", search("/v1/search?limit=5", lambda t: {"query": name("page")}, hits=True)),
    ("search-global-empty-body", search("/v1/search?limit=2", {})),
    ("search-space-text-contains", search(S + "/search", mine(text_cond("contains", "PADDED")), hits=True)),
    ("search-space-text-eq-case", search(S + "/search", mine(text_cond("eq", "Padded Text")))),
    ("search-space-select-in", search(S + "/search", mine(
        {"property_key": "{select_prop_key}", "condition": "in", "select": "{tag_alpha}"}), hits=True)),
    ("search-space-number-lt", search(S + "/search", mine(
        {"property_key": "released_year", "condition": "lt", "number": 2000}), hits=True)),
    ("search-space-date-eq-instant", search(S + "/search", mine(
        {"property_key": "{date_prop_key}", "condition": "eq", "date": "2026-03-01T08:30:00Z"}), hits=True)),
    ("search-space-date-eq-day", search(S + "/search", mine(
        {"property_key": "{date_prop_key}", "condition": "eq", "date": "2026-03-01"}))),
    ("search-space-nested-or", search(S + "/search", mine(
        text_cond("eq", "nope"), operator="or",
        filters=[{"conditions": [{"property_key": "done", "condition": "eq", "checkbox": True}]}]), hits=True)),
    ("search-space-sort-name", search(S + "/search", mine(sort={"property_key": "name", "direction": "asc"}), hits=True)),
    ("search-space-multi-in", search(S + "/search", mine(
        {"property_key": "{multi_prop_key}", "condition": "in", "multi_select": ["{tag_two}"]}))),
    ("search-space-select-by-key", search(S + "/search", mine(
        {"property_key": "{select_prop_key}", "condition": "in", "select": "{tag_alpha_key}"}))),
    ("search-space-checkbox-empty", search(S + "/search", mine({"property_key": "done", "condition": "empty"}))),
    ("search-space-unknown-key", search(S + "/search", mine(
        {"property_key": key("none"), "condition": "eq", "text": "x"}))),
    ("search-space-no-value", search(S + "/search", mine({"property_key": "{text_prop_key}", "condition": "eq"}))),
    ("search-space-bad-condition", search(S + "/search", mine(text_cond("EQ", "x")))),
    ("search-space-bad-operator", search(S + "/search", mine(operator="xor"))),
    ("search-space-select-array", search(S + "/search", mine(
        {"property_key": "{select_prop_key}", "condition": "in", "select": ["{tag_alpha}"]}))),
    ("search-space-bad-sort", search(S + "/search", lambda t: {"sort": {"property_key": t.vars["text_prop_key"]}})),
    ("search-space-bad-direction", search(S + "/search", {"sort": {"direction": "sideways"}})),
    ("search-space-query-number", search(S + "/search", {"query": 5})),
    ("search-space-bad-json", lambda t: t.request("POST", S.format(**t.vars) + "/search",
                                                  headers_for(t, json_body=True), "{")),
    ("search-space-limit-0", search(S + "/search?limit=0", {})),
    ("search-global-unknown-key", search("/v1/search", mine(
        {"property_key": key("none"), "condition": "eq", "text": "x"}))),
    # the list grammar
    ("objects-list-filter-plain-text", objects_query("{text_prop_key}=PADDED")),
    ("objects-list-filter-text-eq", objects_query("{text_prop_key}%5Beq%5D=padded%20text")),
    ("objects-list-filter-text-eq-case", objects_query("{text_prop_key}%5Beq%5D=PADDED%20TEXT")),
    ("objects-list-filter-date-gt", objects_query("{date_prop_key}%5Bgt%5D=2026-03-01")),
    ("objects-list-filter-date-in", only_filter("{date_prop_key}%5Bin%5D=2026-03-01")),
    ("objects-list-filter-text-gt", only_filter("{text_prop_key}%5Bgt%5D=a")),
    ("objects-list-filter-select-plain", only_filter("{select_prop_key}={tag_alpha}")),
    ("objects-list-filter-select-in", only_filter("{select_prop_key}%5Bin%5D={tag_alpha}")),
    ("objects-list-filter-multi-in", only_filter("{multi_prop_key}%5Bin%5D={tag_two}")),
    ("objects-list-filter-checkbox-plain", only_filter("done=true")),
    ("objects-list-filter-checkbox-empty", only_filter("done%5Bempty%5D=")),
    ("objects-list-filter-unknown-key", only_filter(key("none") + "=x")),
    ("objects-list-filter-bad-escape", only_filter("{text_prop_key}=%2525")),
    ("types-list-filter-name", get(S + "/types?name=pag")),
    ("types-list-filter-layout", get(S + "/types?layout=basic")),
    # lists
    ("lists-create-collection", create(S + "/objects", "object", "coll", {"type_key": "collection", "name": name("collection")})),
    ("lists-add", send("POST", S + "/lists/{coll}/objects", lambda t: {"objects": [t.vars["page"]]})),
    ("lists-add-again", send("POST", S + "/lists/{coll}/objects", lambda t: {"objects": [t.vars["page"]]})),
    ("lists-add-bad-body", send("POST", S + "/lists/{coll}/objects", {"objects": "x"})),
    ("lists-add-missing-list", send("POST", S + "/lists/" + MISSING_ID + "/objects", lambda t: {"objects": [t.vars["page"]]})),
    ("lists-views", remember(get(S + "/lists/{coll}/views"), view=lambda b: b["data"][0]["id"])),
    ("lists-views-missing-list", get(S + "/lists/" + MISSING_ID + "/views")),
    ("lists-views-not-a-list", get(S + "/lists/{page}/views")),
    ("lists-view-objects", eventually(S + "/lists/{coll}/views/{view}/objects", lambda b: b.get("data"))),
    ("lists-view-objects-filter", get(S + "/lists/{coll}/views/{view}/objects?{text_prop_key}=padded")),
    ("lists-view-objects-bad-filter", get(S + "/lists/{coll}/views/{view}/objects?released_year=1")),
    ("lists-view-objects-missing-view", get(S + "/lists/{coll}/views/bogus/objects")),
    ("lists-remove", send("DELETE", S + "/lists/{coll}/objects/{page}", None)),
    ("lists-remove-again", send("DELETE", S + "/lists/{coll}/objects/{page}", None)),
    ("lists-remove-missing-list", send("DELETE", S + "/lists/" + MISSING_ID + "/objects/{page}", None)),
    ("lists-view-objects-after-remove", eventually(S + "/lists/{coll}/views/{view}/objects", lambda b: not b.get("data"))),
    ("lists-delete-collection", delete(S + "/objects/{coll}")),
]


SPACE_STEPS = [
    # members
    ("members-list", remember(get(S + "/members"), member_id=lambda b: b["data"][0]["id"])),
    ("members-get", get(S + "/members/{member_id}")),
    ("members-get-missing", get(S + "/members/_participant_missing")),
    # types and templates (read)
    ("types-list", remember(get(S + "/types?limit=1000"), page_type=by_key("page"))),
    ("types-get-page", get(S + "/types/{page_type}")),
    ("types-get-missing", get(S + "/types/" + MISSING_ID)),
    ("templates-list-page", remember(get(S + "/types/{page_type}/templates"),
                                     page_template=lambda b: b["data"][0]["id"])),
    ("templates-get-page", get(S + "/types/{page_type}/templates/{page_template}")),
    ("templates-get-missing", get(S + "/types/{page_type}/templates/" + MISSING_ID)),
    ("templates-list-missing-type", get(S + "/types/" + MISSING_ID + "/templates")),
    # properties
    ("properties-list", get(S + "/properties?limit=1000")),
    ("properties-create-text", create(S + "/properties", "property", "text_prop",
                                      {"key": key("text"), "name": name("text"), "format": "text"})),
    ("properties-create-select", create(S + "/properties", "property", "select_prop", {
        "name": name("select"), "format": "select",
        "tags": [{"name": f"Alpha {RUN}", "color": "red"}, {"name": f"Beta {RUN}", "color": "blue"}]})),
    ("properties-create-multi-select", create(S + "/properties", "property", "multi_prop", {
        "key": key("multi"), "name": name("multi"), "format": "multi_select",
        "tags": [{"name": f"One {RUN}", "color": "teal"}, {"name": f"Two {RUN}", "color": "lime"}]})),
    ("properties-create-date", create(S + "/properties", "property", "date_prop",
                                      {"key": key("date"), "name": name("date"), "format": "date"})),
    ("properties-get", get(S + "/properties/{text_prop}")),
    ("properties-get-select", get(S + "/properties/{select_prop}")),
    ("properties-update", send("PATCH", S + "/properties/{text_prop}", {"name": name("text renamed")})),
    ("properties-get-missing", get(S + "/properties/" + MISSING_ID)),
    ("properties-update-missing", send("PATCH", S + "/properties/" + MISSING_ID, {"name": name("x")})),
    ("properties-create-bad-format", create(S + "/properties", "property", None,
                                            {"name": name("bad format"), "format": "nope"})),
    ("properties-create-missing-format", create(S + "/properties", "property", None, {"name": name("no format")})),
    ("properties-list-filter-name", get(S + "/properties?name=" + urllib.parse.quote(name("date")))),
    # tags
    ("tags-list", remember(get(S + "/properties/{select_prop}/tags"),
                           tag_alpha_key=lambda b: next(x["key"] for x in b["data"] if x["name"].startswith("Alpha")),
                           tag_alpha=lambda b: next(x["id"] for x in b["data"] if x["name"].startswith("Alpha")),
                           tag_beta=lambda b: next(x["id"] for x in b["data"] if x["name"].startswith("Beta")))),
    ("tags-list-multi", remember(get(S + "/properties/{multi_prop}/tags"),
                                 tag_one_key=lambda b: next(x["key"] for x in b["data"] if x["name"].startswith("One")),
                                 tag_two=lambda b: next(x["id"] for x in b["data"] if x["name"].startswith("Two")))),
    ("tags-create", create(S + "/properties/{select_prop}/tags", "tag", "tag_new", until_keys_known=True, body=
                           {"name": f"Gamma {RUN}", "color": "purple"})),
    ("tags-get", get(S + "/properties/{select_prop}/tags/{tag_new}")),
    ("tags-update", send("PATCH", S + "/properties/{select_prop}/tags/{tag_new}",
                         {"name": f"Delta {RUN}", "color": "yellow"})),
    ("tags-create-bad-color", create(S + "/properties/{select_prop}/tags", "tag", None,
                                     {"name": f"Bad {RUN}", "color": "nope"})),
    ("tags-get-missing", get(S + "/properties/{select_prop}/tags/" + MISSING_ID)),
    ("tags-list-missing-property", get(S + "/properties/" + MISSING_ID + "/tags")),
    # types (write)
    ("types-create", create(S + "/types", "type", "new_type", lambda t: {
        "key": key("type"), "name": name("type"), "plural_name": name("types"), "layout": "basic",
        "icon": {"format": "icon", "name": "document", "color": "blue"},
        "properties": [{"key": t.vars["text_prop_key"], "name": name("text renamed"), "format": "text"}]})),
    ("types-get", get(S + "/types/{new_type}")),
    ("types-update", send("PATCH", S + "/types/{new_type}", {"name": name("type renamed")})),
    ("types-update-missing", send("PATCH", S + "/types/" + MISSING_ID, {"name": name("x")})),
    ("types-create-bad-layout", create(S + "/types", "type", None,
                                       {"name": name("bad"), "plural_name": name("bads"), "layout": "nope"})),
    # objects
    ("objects-create", create(S + "/objects", "object", "page", object_body, until_keys_known=True)),
    ("objects-get", get(S + "/objects/{page}")),
    ("objects-list", get(S + "/objects?limit=1")),
    ("objects-list-filter-name", eventually(S + "/objects?name=" + urllib.parse.quote(name("page")),
                                            lambda b: bool(b.get("data")))),
    ("objects-list-filter-number", get(S + "/objects?released_year[gt]=1")),
    ("objects-list-filter-checkbox", get(S + "/objects?done[eq]=true")),
    ("objects-list-filter-bad-condition", get(S + "/objects?name[bogus]=x")),
    *SEARCH_STEPS,
    ("objects-update", send("PATCH", S + "/objects/{page}", object_update)),
    ("objects-get-after-update", get(S + "/objects/{page}")),
    ("objects-create-missing-type-key", bad_object([], type_key=None)),
    ("objects-create-unknown-type-key", bad_object([], type_key="diff_{run}_none")),
    ("objects-create-bad-value", bad_object([{"key": "done", "text": "should be checkbox"}])),
    ("objects-create-unknown-property", bad_object([{"key": key("none"), "text": "x"}])),
    ("objects-create-bad-date", bad_object([{"key": "{date_prop_key}", "date": "tomorrow"}])),
    ("objects-get-missing", get(S + "/objects/" + MISSING_ID)),
    ("objects-update-missing", send("PATCH", S + "/objects/" + MISSING_ID, {"name": name("x")})),
    ("objects-delete", delete(S + "/objects/{page}")),
    # The real server marks the archive a moment after answering the delete.
    ("objects-get-after-delete", eventually(S + "/objects/{page}", lambda b: b["object"].get("archived"))),
    ("objects-delete-missing", delete(S + "/objects/" + MISSING_ID)),
    # deleting (archiving) the rest
    ("types-delete", delete(S + "/types/{new_type}")),
    ("types-get-after-delete", eventually(S + "/types/{new_type}", lambda b: b["type"].get("archived"))),
    ("types-delete-missing", delete(S + "/types/" + MISSING_ID)),
    ("tags-delete", delete(S + "/properties/{select_prop}/tags/{tag_new}")),
    ("tags-get-after-delete", get(S + "/properties/{select_prop}/tags/{tag_new}")),
    ("properties-delete", delete(S + "/properties/{text_prop}")),
    ("properties-get-after-delete", get(S + "/properties/{text_prop}")),
    ("properties-delete-select", delete(S + "/properties/{select_prop}")),
    ("properties-delete-multi-select", delete(S + "/properties/{multi_prop}")),
    ("properties-delete-date", delete(S + "/properties/{date_prop}")),
    ("properties-delete-missing", delete(S + "/properties/" + MISSING_ID)),
]


STEPS = [
    # the challenge flow and its errors (not rate-limited)
    ("auth-challenge-missing-app-name", send("POST", "/v1/auth/challenges", {}, auth=None)),
    ("auth-challenge-empty-app-name", send("POST", "/v1/auth/challenges", {"app_name": ""}, auth=None)),
    ("auth-challenge-bad-json", send("POST", "/v1/auth/challenges", "{not json", auth=None)),
    ("auth-challenge-empty-body", send("POST", "/v1/auth/challenges", "", auth=None)),
    ("auth-challenge-array-body", send("POST", "/v1/auth/challenges", "[]", auth=None)),
    ("auth-challenge-app-name-number", send("POST", "/v1/auth/challenges", {"app_name": 5}, auth=None)),
    ("auth-challenge", challenge_flow),
    ("auth-api-key-missing-fields", send("POST", "/v1/auth/api_keys", {}, auth=None)),
    ("auth-api-key-bad-json", send("POST", "/v1/auth/api_keys", "{not json", auth=None)),
    ("auth-api-key-empty-code", needs_challenge(send(
        "POST", "/v1/auth/api_keys", lambda t: {"challenge_id": t.vars["challenge_id"], "code": ""}, auth=None))),
    ("auth-api-key-unknown-challenge", send(
        "POST", "/v1/auth/api_keys", {"challenge_id": "000000000000000000000000", "code": "1234"}, auth=None)),
    ("auth-api-key-wrong-code", needs_challenge(api_key("wrong_code"))),
    ("auth-api-key-right-code-after-wrong", needs_challenge(api_key("code"))),
    ("auth-api-key-reused-challenge", needs_challenge(api_key("code"))),
    ("auth-new-key-works", with_new_key),
    # auth and version headers
    ("spaces-no-auth", get("/v1/spaces", auth=None)),
    ("spaces-unknown-key", get("/v1/spaces", auth="Bearer not-a-real-key")),
    ("spaces-basic-scheme", get("/v1/spaces", auth="Basic Zm9vOmJhcg==")),
    ("spaces-lowercase-bearer", lambda t: t.request("GET", "/v1/spaces", headers_for(t, auth=f"bearer {t.key}"))),
    ("spaces-bearer-without-key", get("/v1/spaces", auth="Bearer")),
    ("spaces-no-version-header", get("/v1/spaces?limit=1", version=None)),
    ("spaces-old-version-header", get("/v1/spaces?limit=1", version="2025-05-20")),
    ("spaces-bogus-version-header", get("/v1/spaces?limit=1", version="not-a-version")),
    # pagination
    ("spaces-list-default", get("/v1/spaces")),
    ("spaces-list-limit-1", get("/v1/spaces?limit=1")),
    ("spaces-list-limit-1000", get("/v1/spaces?limit=1000")),
    ("spaces-list-limit-0", get("/v1/spaces?limit=0")),
    ("spaces-list-limit-1001", get("/v1/spaces?limit=1001")),
    ("spaces-list-limit-abc", get("/v1/spaces?limit=abc")),
    ("spaces-list-limit-negative", get("/v1/spaces?limit=-5")),
    ("spaces-list-offset-negative", get("/v1/spaces?offset=-1&limit=1")),
    ("spaces-list-offset-past-end", get("/v1/spaces?offset=100000")),
    # spaces
    ("spaces-find-test-space", find_test_space),
    ("spaces-create-test-space", create_test_space),
    ("spaces-get", get("/v1/spaces/{space_id}")),
    ("spaces-get-missing", get("/v1/spaces/" + MISSING_SPACE)),
    ("spaces-update-description", send("PATCH", "/v1/spaces/{space_id}", stamp)),
    ("spaces-update-nothing", send("PATCH", "/v1/spaces/{space_id}", {})),
    ("spaces-update-missing", send("PATCH", "/v1/spaces/" + MISSING_SPACE, {"description": "x"})),
    ("spaces-update-bad-json", send("PATCH", "/v1/spaces/{space_id}", "{not json")),
    ("spaces-create-bad-json", send("POST", "/v1/spaces", "{not json")),
    ("spaces-create-missing-name", send("POST", "/v1/spaces", {"description": "never created"})),
    ("spaces-create-name-number", send("POST", "/v1/spaces", {"name": 5})),
    *SPACE_STEPS,
    # routes the server doesn't have
    ("route-unknown", get("/v1/nope")),
    ("route-root", get("/", auth=None)),
    ("route-trailing-slash", get("/v1/spaces/")),
    ("route-put-spaces", lambda t: t.request("PUT", "/v1/spaces", headers_for(t))),
    ("route-put-spaces-no-auth", lambda t: t.request("PUT", "/v1/spaces", headers_for(t, auth=None))),
    ("route-delete-space", lambda t: t.request("DELETE", "/v1/spaces/" + MISSING_SPACE, headers_for(t))),
    ("route-chats-not-served", get("/v1/spaces/{space_id}/chats")),
    ("route-openapi-json", get("/docs/openapi.json", auth=None)),
]


# --- comparison --------------------------------------------------------------------------------

def jtype(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def norm(text):
    return text.replace(RUN, "<run>").replace(RUN_SNAKE, "<run>")


def flatten(value, path="$", out=None, in_page=False):
    """{path: {"types": set, "values": set}}; list elements share the path `...[]`, except the
    `properties` of a single resource, keyed by property key (`$.object.properties[done].checkbox`)
    so that each property is compared with itself whatever the order. Values are kept for
    CONST_KEYS everywhere and for VALUE_KEYS outside list pages (`$.data[]`)."""
    if out is None:
        out = {}
    entry = out.setdefault(path, {"types": set(), "values": set()})
    entry["types"].add(jtype(value))
    if isinstance(value, dict):
        for k, v in value.items():
            sub = f"{path}.{k}"
            if (k == "properties" and not in_page and isinstance(v, list)
                    and all(isinstance(e, dict) and isinstance(e.get("key"), str) for e in v)):
                out.setdefault(sub, {"types": set(), "values": set()})["types"].add("array")
                for e in v:
                    flatten(e, f"{sub}[{norm(e['key'])}]", out, in_page)
            else:
                flatten(v, sub, out, in_page or (k == "data" and path == "$"))
            if isinstance(v, (str, bool, int, float)) and (
                    k in CONST_KEYS or (k in VALUE_KEYS and not in_page and not (
                        k == "date" and any(f"[{p}]" in path for p in TIME_PROPERTIES)))):
                out[sub]["values"].add(norm(v) if isinstance(v, str) else json.dumps(v))
    elif isinstance(value, list):
        for v in value:
            flatten(v, f"{path}[]", out, in_page)
    return out


def is_error_body(v):
    return isinstance(v, dict) and (v.get("object") == "error" or set(v) == {"error"})


def content_type(r):
    return (r["headers"].get("content-type") or "").lower().replace(" ", "")


def compare(step, a, b):
    """Differences between the sandbox's answer `a` and the real server's `b`: (what, a, b)."""
    diffs = []
    if a["status"] != b["status"]:
        diffs.append(("status", a["status"], b["status"]))
    if content_type(a) != content_type(b):
        diffs.append(("content-type", a["headers"].get("content-type"), b["headers"].get("content-type")))
    for h in ("anytype-version",):
        if a["headers"].get(h) != b["headers"].get(h):
            diffs.append((f"header:{h}", a["headers"].get(h), b["headers"].get(h)))
    rl_a, rl_b = "ratelimit-limit" in a["headers"], "ratelimit-limit" in b["headers"]
    if rl_a != rl_b:
        diffs.append(("header:ratelimit", rl_a, rl_b))
    try:
        ja, jb = json.loads(a["raw"]), json.loads(b["raw"])
    except ValueError:
        ja = jb = None
        if a["raw"] != b["raw"]:
            diffs.append(("text", a["raw"][:120].decode(errors="replace"), b["raw"][:120].decode(errors="replace")))
        return diffs
    if is_error_body(ja) or is_error_body(jb):
        if isinstance(ja, dict) and isinstance(jb, dict):
            # Filter errors name a property by its internal key: random (24 hex digits) per property.
            ja, jb = ({k: INTERNAL_KEY.sub('"<internal key>"', v) if isinstance(v, str) else v
                       for k, v in j.items()} for j in (ja, jb))
            for k in sorted(set(ja) | set(jb)):
                if ja.get(k, "<absent>") != jb.get(k, "<absent>"):
                    diffs.append((f"error.{k}", ja.get(k, "<absent>"), jb.get(k, "<absent>")))
            return diffs
    fa, fb = flatten(ja), flatten(jb)
    for path in sorted(set(fa) | set(fb)):
        if path not in fa or path not in fb:
            diffs.append((f"absent:{path}", "present" if path in fa else "absent", "present" if path in fb else "absent"))
            continue
        if fa[path]["types"] != fb[path]["types"]:
            diffs.append((f"type:{path}", "|".join(sorted(fa[path]["types"])), "|".join(sorted(fb[path]["types"]))))
        if fa[path]["values"] != fb[path]["values"] and (fa[path]["values"] or fb[path]["values"]):
            diffs.append((f"value:{path}", "|".join(sorted(fa[path]["values"])), "|".join(sorted(fb[path]["values"]))))
    return diffs


def recorded(name):
    """A response recorded from the real server (core/tests/data/real-server.json), as a response."""
    with open(os.path.join(ROOT, "core", "tests", "data", "real-server.json"), encoding="utf-8") as f:
        for r in json.load(f)["responses"]:
            if r["name"] == name:
                raw = json.dumps(r["body"]).encode() if r["json"] else (r["body"] or "").encode()
                return {"status": r["status"], "headers": {"content-type": r["content_type"],
                        "anytype-version": VERSION, "ratelimit-limit": "1"}, "raw": raw}
    raise KeyError(name)


# --- running -----------------------------------------------------------------------------------

def start_sandbox(binary, rate_limit=True):
    extra = [] if rate_limit else ["--no-rate-limit"]
    proc = subprocess.Popen([binary, "--port", "0", "--auth-code", "1234", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise RuntimeError(f"the sandbox did not start: {line!r} {proc.stderr.read()}")
    return proc, line[len("listening on "):]


def run(target, verbose):
    results = {}
    try:
        for step, fn in STEPS:
            target.vars.pop("skip", None)
            try:
                r = fn(target)
            except KeyError as e:  # a variable an earlier step did not set
                target.vars["skip"] = f"needs {e} from an earlier step"
                r = None
            results[step] = r if r is not None else {"skipped": target.vars.get("skip", "not applicable")}
            if verbose and r is not None:
                print(f"  {target.name:8} {step:40} {r['status']} {r['headers'].get('content-type')} {r['raw'][:100]!r}")
    finally:
        cleanup(target)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sandbox-bin", default=os.environ.get("ANYTYPE_SANDBOX_BIN",
                    os.path.join(ROOT, "target", "release", "anytype-sandbox")))
    ap.add_argument("--url", default=os.environ.get("ANYTYPE_LIVE_URL"))
    ap.add_argument("--key", default=os.environ.get("ANYTYPE_LIVE_KEY"))
    ap.add_argument("--codes", default=os.environ.get("ANYTYPE_LIVE_CODES"))
    ap.add_argument("--allow-list", default=os.path.join(HERE, "allow-list.json"))
    ap.add_argument("--no-rate-limit", action="store_true",
                    default=os.environ.get("ANYTYPE_LIVE_NO_RATE_LIMIT") == "1",
                    help="start the sandbox without its write limit, to compare with a server run with "
                         "ANYTYPE_API_DISABLE_RATE_LIMIT=1 (also ANYTYPE_LIVE_NO_RATE_LIMIT=1)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not args.url or not args.key:
        print("differential: skipped (no real server configured: set ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY)")
        return 0
    with open(args.allow_list, encoding="utf-8") as f:
        allowed = json.load(f)["differences"]

    proc, sandbox_url = start_sandbox(args.sandbox_bin, rate_limit=not args.no_rate_limit)
    try:
        admin = Target("sandbox", sandbox_url, "")
        key = json.loads(admin.request("POST", "/_sandbox/keys")["raw"])["api_key"]
        sandbox = Target("sandbox", sandbox_url, key, fixed_code="1234")
        real = Target("real", args.url, args.key, codes=args.codes)
        started = time.time()
        got_sandbox = run(sandbox, args.verbose)
        got_real = run(real, args.verbose)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    used, unexplained, compared, skipped = set(), [], 0, []
    for name, _ in STEPS:
        a, b = got_sandbox[name], got_real[name]
        if "skipped" in b and name == "spaces-create-test-space" and "skipped" not in a:
            b = recorded("create-space")  # the space exists: compare with the recorded create
        if "skipped" in a or "skipped" in b:
            skipped.append((name, a.get("skipped") or b.get("skipped")))
            continue
        compared += 1
        for what, va, vb in compare(name, a, b):
            hit = next((i for i, e in enumerate(allowed)
                        if fnmatch.fnmatchcase(name, e["step"]) and fnmatch.fnmatchcase(what, e["what"])), None)
            if hit is None:
                unexplained.append((name, what, va, vb))
            else:
                used.add(hit)
                if args.verbose:
                    print(f"  allowed: {name} {what}: sandbox={va!r} real={vb!r}")
    for name, why in skipped:
        print(f"differential: not compared: {name} ({why})")
    for i, e in enumerate(allowed):
        if i not in used:
            print(f"differential: note: allow-list entry not needed against this server: {e['step']} {e['what']}")
    for name, what, va, vb in unexplained:
        print(f"differential: DIFFERENCE {name} {what}: sandbox={va!r} real={vb!r}")
    print(f"differential: {compared} steps compared, {len(skipped)} not compared, "
          f"{len(used)} allow-listed differences seen, {len(unexplained)} unexplained, "
          f"{real.writes} writes to the real server, {time.time() - started:.1f}s")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
