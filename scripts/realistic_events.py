#!/usr/bin/env python3
"""Usage events with realistic attribution cardinality, as NDJSON for `burnrate ingest`.

The shape of issue 23: 50 tenants, 2,000 users, 10 features, 10 models over 4 providers, 8 teams,
2 environments and one tag (`region`, 3 values), spread over DAYS days (30) before END, every
attribute drawn independently so that most combinations occur. Ids look like the request ids
providers return (`chatcmpl-` and 29 random characters), users like the opaque ids applications
keep, tenants and features like slugs. Token counts follow a log-normal spread per model; 2% of
requests fail. Events come in time order, as a proxy or a log shipper sends them; `--shuffle`
writes them in random order instead.

With --sessions N the calls come in N agent runs (issue 27): each run is one tenant's, user's
and feature's, about EVENTS/N calls long (geometric), interleaved with the others as concurrent
runs are (about 25 at a time), each call with its run's `session_id` and `trace_id`, the first
call's id as `parent_id` and a `step` (plan, then retrieve, act or answer).

Deterministic for a given --seed, so the same file can be regenerated for each backend and
baseline in one run.

Usage: python3 scripts/realistic_events.py EVENTS OUT.ndjson [--days 30] [--end 2026-12-01T00:00:00Z]
           [--seed 1] [--shuffle] [--sessions N]
"""

import argparse
import datetime
import json
import math
import random
import string
import sys

MODELS = [
    ("openai", "gpt-4o", 900, 350),
    ("openai", "gpt-4o-mini", 1200, 300),
    ("openai", "gpt-4.1", 2500, 600),
    ("openai", "o3-mini", 800, 1500),
    ("anthropic", "claude-sonnet-4-20250514", 3000, 700),
    ("anthropic", "claude-3-5-haiku-20241022", 1500, 250),
    ("anthropic", "claude-opus-4-1-20250805", 4000, 900),
    ("google", "gemini-2.5-pro", 3500, 800),
    ("google", "gemini-2.5-flash", 2000, 400),
    ("mistral", "mistral-large-latest", 1800, 450),
]
FEATURES = [
    "chat", "search", "summarize", "support-bot", "code-review", "classify", "extract", "translate",
    "agent-planner", "email-draft",
]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]
ALPHABET = string.ascii_letters + string.digits


def token(rng, median):
    """A log-normal token count around `median`, as real prompt and completion sizes spread."""
    return max(1, int(rng.lognormvariate(math.log(median), 0.9)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("events", type=int)
    parser.add_argument("out")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--end", default="2026-12-01T00:00:00Z")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shuffle", action="store_true")
    parser.add_argument("--sessions", type=int, default=0)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    tenants = [f"{rng.choice(['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka'])}-{i:03d}" for i in range(50)]
    users = ["usr_" + "".join(rng.choices(ALPHABET, k=16)) for _ in range(2000)]
    teams = [f"team-{name}" for name in ["platform", "growth", "search", "support", "data", "mobile", "payments", "ml"]]
    environments = ["production", "staging"]
    end = datetime.datetime.fromisoformat(args.end.replace("Z", "+00:00"))
    span = args.days * 86_400 * 1_000_000
    start_us = int(end.timestamp() * 1_000_000) - span

    offsets = sorted(rng.randrange(span) for _ in range(args.events))
    if args.shuffle:
        rng.shuffle(offsets)
    out = sys.stdout if args.out == "-" else open(args.out, "w")
    mean_calls = args.events / args.sessions if args.sessions else 0
    runs = []

    def new_run():
        return {
            "session_id": "sess_" + "".join(rng.choices(ALPHABET, k=20)),
            "trace_id": "%032x" % rng.getrandbits(128),
            "left": max(1, int(rng.expovariate(1 / mean_calls) + 0.5)),
            "first": None,
            "tenant": rng.choice(tenants),
            "user": rng.choice(users),
            "feature": rng.choice(FEATURES),
            "team": rng.choice(teams),
            "environment": rng.choice(environments),
        }

    for offset in offsets:
        provider, model, input_median, output_median = rng.choice(MODELS)
        ts = start_us + offset
        stamp = datetime.datetime.fromtimestamp(ts // 1_000_000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        input_tokens = token(rng, input_median)
        event = {
            "id": "chatcmpl-" + "".join(rng.choices(ALPHABET, k=29)),
            "timestamp": f"{stamp}.{ts % 1_000_000:06d}Z",
            "provider": provider,
            "model": model,
            "input_tokens": input_tokens,
            "output_tokens": token(rng, output_median),
            "cache_read_tokens": input_tokens // 2 if rng.random() < 0.3 else 0,
            "latency_ms": int(rng.lognormvariate(math.log(900), 0.6)),
            "status": "error" if rng.random() < 0.02 else "ok",
            "tenant": rng.choice(tenants),
            "user": rng.choice(users),
            "feature": rng.choice(FEATURES),
            "team": rng.choice(teams),
            "environment": rng.choice(environments),
            "tags": {"region": rng.choice(REGIONS)},
        }
        if mean_calls:
            while len(runs) < 25:
                runs.append(new_run())
            slot = rng.randrange(len(runs))
            run = runs[slot]
            for key in ["session_id", "trace_id", "tenant", "user", "feature", "team", "environment"]:
                event[key] = run[key]
            if run["first"] is None:
                run["first"] = event["id"]
                event["step"] = "plan"
            else:
                event["parent_id"] = run["first"]
                event["step"] = rng.choice(["retrieve", "act", "act", "answer"])
            run["left"] -= 1
            if run["left"] == 0:
                runs[slot] = new_run()
        out.write(json.dumps(event, separators=(",", ":")))
        out.write("\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
