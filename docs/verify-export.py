#!/usr/bin/env python3
"""Checks a Qantar log export (qantar export, or /api/export.ndjson): python3 verify-export.py log.ndjson

Positions must run 1, 2, 3… as the embedded store numbers them; pass --offsets for a log kept
in EventStoreDB, whose positions are byte offsets (then they need only increase).

Standard library only. See docs/verify-an-export.md for what it proves and what it cannot.
"""
import hashlib, json, sys

def canonical(value):
    # RFC 8785 canonical JSON, for what this archive holds: ASCII keys, integers, short decimals.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

offsets = "--offsets" in sys.argv
tips, digest, count, last = {}, hashlib.sha256(), 0, 0
for n, line in enumerate(open([a for a in sys.argv[1:] if a != "--offsets"][0], encoding="utf-8"), 1):
    e, count = json.loads(line), count + 1
    position = int(e["position"])
    if (position <= last) if offsets else (position != last + 1):
        sys.exit(f"line {n}: position {position} after {last}: an event is missing or out of order")
    last = position
    if not e["stream"].startswith(("metric-", "relation-", "statement-")):
        continue
    m, where = e["metadata"], f"position {e['position']}, stream {e['stream']}, event {e['id']}"
    content = sha256(canonical({"type": e["type"], "data": e["data"]}))
    revision, previous = tips.get(e["stream"], (-1, None))
    if m.get("contentHash") != content:
        sys.exit(f"{where}: its content was changed")
    if int(e["revision"]) != revision + 1 or m.get("previousHash") != previous:
        sys.exit(f"{where}: the chain of its stream is broken")
    if m.get("chainHash") != sha256((previous or "") + content):
        sys.exit(f"{where}: its chainHash is wrong")
    tips[e["stream"]] = (int(e["revision"]), m["chainHash"])
    digest.update((m["chainHash"] + "\n").encode("utf-8"))
print(f"{count} events in {len(tips)} streams check out. Log digest: {digest.hexdigest()}")
