#!/usr/bin/env python3
"""Checks a Qantar log export (qantar export, or /api/export.ndjson): python3 verify-export.py log.ndjson

Positions must run 1, 2, 3… as the embedded store numbers them; pass --offsets for a log kept
in EventStoreDB, whose positions are byte offsets (then they need only increase). Pass
--expect-head <position>:<sha256> to check the file against a log head you kept earlier.

Standard library only. See docs/verify-an-export.md for what it proves and what it cannot.
"""
import hashlib, json, sys

def canonical(value):
    # RFC 8785 canonical JSON, for what this archive holds: ASCII keys, integers, short decimals.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

args, offsets, kept = sys.argv[1:], "--offsets" in sys.argv, None
if "--expect-head" in args:
    position, _, digest = args[args.index("--expect-head") + 1].partition(":")
    kept = (int(position), digest.lower())
files = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] != "--expect-head")]
tips, count, last, link, link_at_kept = {}, 0, 0, None, None
for n, line in enumerate(open(files[0], encoding="utf-8"), 1):
    e, count = json.loads(line), count + 1
    position = int(e["position"])
    if (position <= last) if offsets else (position != last + 1):
        sys.exit(f"line {n}: position {position} after {last}: an event is missing or out of order")
    last = position
    m, where = e["metadata"], f"position {e['position']}, stream {e['stream']}, event {e['id']}"
    content = sha256(canonical({"type": e["type"], "data": e["data"]}))
    # The log-wide chain: every event, in log order, with its position and recorded time.
    link = sha256(canonical({"previous": link, "position": str(position), "recordedAt": e["recordedAt"],
                             "stream": e["stream"], "revision": str(int(e["revision"])), "id": e["id"],
                             "contentHash": content, "metadata": m}))
    if kept and position == kept[0]:
        link_at_kept = link
    if not e["stream"].startswith(("metric-", "relation-", "statement-")):
        continue
    revision, previous = tips.get(e["stream"], (-1, None))
    if m.get("contentHash") != content:
        sys.exit(f"{where}: its content was changed")
    if int(e["revision"]) != revision + 1 or m.get("previousHash") != previous:
        sys.exit(f"{where}: the chain of its stream is broken")
    if m.get("chainHash") != sha256((previous or "") + content):
        sys.exit(f"{where}: its chainHash is wrong")
    tips[e["stream"]] = (int(e["revision"]), m["chainHash"])
if kept and link_at_kept != kept[1]:
    if kept[0] > last:
        sys.exit(f"position {kept[0]}: the file ends at position {last}, before the kept head: events were dropped")
    sys.exit(f"position {kept[0]}: the file up to here is not the history the kept head was taken from")
print(f"{count} events in {len(tips)} streams check out. Log head: {last}:{link}")
if kept:
    print(f"It matches the kept head {kept[0]}:{kept[1]}.")
