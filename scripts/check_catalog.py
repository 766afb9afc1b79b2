#!/usr/bin/env python3
"""Validate Sources/BurnrateCatalog/Resources/catalog.json (stdlib only).

Usage: python3 scripts/check_catalog.py [path/to/catalog.json]
Prints a per-provider summary and exits non-zero if any check fails.
"""
import datetime
import json
import os
import re
import sys
from collections import Counter, defaultdict

DEFAULT_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "Sources", "BurnrateCatalog", "Resources", "catalog.json",
)

PROVIDERS = {
    "openai", "anthropic", "google", "mistral", "deepseek", "xai",
    "cohere", "groq", "together", "bedrock", "azure", "fireworks",
}
KINDS = {"chat", "embedding"}
PRICE_RE = re.compile(r"^\d+(\.\d{1,6})?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TOP_KEYS = {"catalog_version", "models"}
MODEL_REQUIRED = {"provider", "model", "display_name", "kind", "effective_from",
                  "input", "output", "source"}
MODEL_OPTIONAL = {"aliases", "cache_read", "cache_write", "cache_write_1h", "regional_multiplier",
                  "long_context", "tiers"}
LONG_REQUIRED = {"threshold_input_tokens", "input", "output"}
LONG_OPTIONAL = {"cache_read", "cache_write", "cache_write_1h"}
TIER_NAMES = {"batch", "flex", "priority", "ultrafast"}
TIER_RATE_REQUIRED = {"input", "output"}
TIER_RATE_OPTIONAL = {"cache_read", "cache_write", "cache_write_1h", "long_context"}

MIN_MODELS = 60
MIN_PROVIDERS = 7


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT_PATH
    errors = []

    def err(where, msg):
        errors.append(f"{where}: {msg}")

    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"ERROR: cannot read valid JSON from {path}: {e}")
        return 1

    if not isinstance(data, dict):
        print("ERROR: top level must be a JSON object")
        return 1
    for k in data.keys() - TOP_KEYS:
        err("top level", f"unknown key {k!r}")
    for k in TOP_KEYS - data.keys():
        err("top level", f"missing key {k!r}")

    def check_date(where, value):
        if not isinstance(value, str) or not DATE_RE.match(value):
            err(where, f"date {value!r} is not YYYY-MM-DD")
            return
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            err(where, f"date {value!r} is not a real calendar date")

    def check_price(where, value):
        if not isinstance(value, str):
            err(where, f"price must be a JSON string, got {type(value).__name__} {value!r}")
        elif not PRICE_RE.match(value):
            err(where, f"price {value!r} does not match {PRICE_RE.pattern}")

    def check_str(where, value):
        if not isinstance(value, str) or not value.strip():
            err(where, "must be a non-empty string")
            return False
        return True

    if "catalog_version" in data:
        check_date("catalog_version", data["catalog_version"])

    models = data.get("models")
    if not isinstance(models, list):
        err("models", "must be an array")
        models = []

    seen_keys = set()
    # provider -> model id -> set of aliases (aliases may repeat across the
    # dated entries of the SAME model, but not across different models)
    aliases_by_model = defaultdict(lambda: defaultdict(set))
    model_ids = defaultdict(set)

    for i, m in enumerate(models):
        where = f"models[{i}]"
        if not isinstance(m, dict):
            err(where, "must be an object")
            continue
        where = f"models[{i}] ({m.get('provider')}/{m.get('model')}@{m.get('effective_from')})"
        for k in m.keys() - MODEL_REQUIRED - MODEL_OPTIONAL:
            err(where, f"unknown key {k!r}")
        for k in MODEL_REQUIRED - m.keys():
            err(where, f"missing required key {k!r}")

        provider = m.get("provider")
        if provider not in PROVIDERS:
            err(where, f"provider {provider!r} not in {sorted(PROVIDERS)}")
        model = m.get("model")
        if check_str(where + ".model", model) and model != model.lower():
            err(where, f"model id {model!r} must be lowercase")
        check_str(where + ".display_name", m.get("display_name"))
        if m.get("kind") not in KINDS:
            err(where, f"kind {m.get('kind')!r} not in {sorted(KINDS)}")
        if "effective_from" in m:
            check_date(where + ".effective_from", m["effective_from"])
        src = m.get("source")
        if check_str(where + ".source", src) and "http" not in src:
            err(where, "source must contain a URL")

        for k in ("input", "output", "cache_read", "cache_write", "cache_write_1h"):
            if k in m:
                check_price(f"{where}.{k}", m[k])

        aliases = m.get("aliases", [])
        if "aliases" in m:
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
                err(where, "aliases must be an array of non-empty strings")
                aliases = []
            elif len(set(aliases)) != len(aliases):
                err(where, "aliases contain duplicates")
        for a in aliases:
            if a == model:
                err(where, f"alias {a!r} equals its own model id")
            if a != a.lower():
                err(where, f"alias {a!r} must be lowercase")

        def check_long_context(lc, lw):
            if not isinstance(lc, dict):
                err(lw, "must be an object")
            else:
                for k in lc.keys() - LONG_REQUIRED - LONG_OPTIONAL:
                    err(lw, f"unknown key {k!r}")
                for k in LONG_REQUIRED - lc.keys():
                    err(lw, f"missing required key {k!r}")
                thr = lc.get("threshold_input_tokens")
                if "threshold_input_tokens" in lc and (
                        not isinstance(thr, int) or isinstance(thr, bool) or thr <= 0):
                    err(lw, f"threshold_input_tokens must be a positive integer, got {thr!r}")
                for k in ("input", "output", "cache_read", "cache_write", "cache_write_1h"):
                    if k in lc:
                        check_price(f"{lw}.{k}", lc[k])

        if m.get("long_context") is not None:
            check_long_context(m["long_context"], where + ".long_context")

        tiers = m.get("tiers")
        if tiers is not None:
            tw = where + ".tiers"
            if not isinstance(tiers, dict):
                err(tw, "must be an object")
            else:
                for name, t in tiers.items():
                    w = f"{tw}.{name}"
                    if name not in TIER_NAMES:
                        err(tw, f"unknown tier {name!r}")
                    if not isinstance(t, dict):
                        err(w, "must be an object")
                        continue
                    if "discount" in t:
                        for k in t.keys() - {"discount"}:
                            err(w, f"discount tier must not also have key {k!r}")
                        check_price(w + ".discount", t["discount"])
                        if isinstance(t["discount"], str) and PRICE_RE.match(t["discount"]):
                            d = float(t["discount"])
                            if not 0 < d < 1:
                                err(w, f"discount {t['discount']} must be between 0 and 1")
                    else:
                        for k in t.keys() - TIER_RATE_REQUIRED - TIER_RATE_OPTIONAL:
                            err(w, f"unknown key {k!r}")
                        for k in TIER_RATE_REQUIRED - t.keys():
                            err(w, f"missing required key {k!r} (or give 'discount')")
                        for k in ("input", "output", "cache_read", "cache_write", "cache_write_1h"):
                            if k in t:
                                check_price(f"{w}.{k}", t[k])
                        if t.get("long_context") is not None:
                            check_long_context(t["long_context"], w + ".long_context")

        key = (provider, model, m.get("effective_from"))
        if key in seen_keys:
            err(where, f"duplicate (provider, model, effective_from) {key}")
        seen_keys.add(key)
        if isinstance(model, str):
            model_ids[provider].add(model)
            aliases_by_model[provider][model].update(a for a in aliases if isinstance(a, str))

    # alias collisions within a provider
    for provider, per_model in aliases_by_model.items():
        owner = {}
        for model, aliases in sorted(per_model.items()):
            for a in sorted(aliases):
                if a in model_ids[provider]:
                    err(f"{provider}/{model}", f"alias {a!r} equals another entry's model id")
                if a in owner and owner[a] != model:
                    err(f"{provider}/{model}", f"alias {a!r} also used by {provider}/{owner[a]}")
                owner.setdefault(a, model)

    counts = Counter(m.get("provider") for m in models if isinstance(m, dict))
    distinct_models = {(m.get("provider"), m.get("model")) for m in models if isinstance(m, dict)}
    if len(distinct_models) < MIN_MODELS:
        err("models", f"only {len(distinct_models)} distinct models, need at least {MIN_MODELS}")
    if len(counts) < MIN_PROVIDERS:
        err("models", f"only {len(counts)} providers, need at least {MIN_PROVIDERS}")

    print(f"catalog: {path}")
    print(f"catalog_version: {data.get('catalog_version')}")
    print(f"{'provider':<10} {'entries':>7} {'models':>7}")
    for provider in sorted(counts, key=str):
        n_models = len({mm for (p, mm) in distinct_models if p == provider})
        print(f"{str(provider):<10} {counts[provider]:>7} {n_models:>7}")
    print(f"{'total':<10} {sum(counts.values()):>7} {len(distinct_models):>7}")

    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print(f"  ERROR {e}")
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
