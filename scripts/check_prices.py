#!/usr/bin/env python3
"""Cross-check Burnrate's prices against LiteLLM's community price map, end to end.

Every model id is sent as an event through a real `burnrate serve` (POST /api/v1/events), and the
cost Burnrate computes is compared with the cost LiteLLM's per-token prices give for the same
tokens. Two corpora: `popular` (the ids teams commonly send, listed below, each with its
LiteLLM key) and `all` (every chat and embedding model LiteLLM prices for the providers
Burnrate's catalog covers).

Usage:
  python3 scripts/check_prices.py --burnrate .build/release/burnrate [--litellm PATH]
      [--corpus popular|all] [--markdown FILE]

LiteLLM's map: --litellm, else the installed `litellm` package, else `pip download litellm
--no-deps` into a temporary folder (PyPI). Standard library only otherwise.
"""
import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from collections import Counter, defaultdict
from decimal import Decimal

# (provider Burnrate is told, model id the client sends, LiteLLM key with the reference price)
POPULAR = [
    ("openai", "gpt-4o", "gpt-4o"), ("openai", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),
    ("openai", "gpt-4o-2024-11-20", "gpt-4o-2024-11-20"), ("openai", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
    ("openai", "gpt-4o-mini", "gpt-4o-mini"), ("openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"),
    ("openai", "chatgpt-4o-latest", "chatgpt-4o-latest"), ("openai", "gpt-4.1", "gpt-4.1"),
    ("openai", "gpt-4.1-mini", "gpt-4.1-mini"), ("openai", "gpt-4.1-nano", "gpt-4.1-nano"),
    ("openai", "gpt-4-turbo", "gpt-4-turbo"), ("openai", "gpt-4-turbo-2024-04-09", "gpt-4-turbo-2024-04-09"),
    ("openai", "gpt-4", "gpt-4"), ("openai", "gpt-4-0613", "gpt-4-0613"), ("openai", "gpt-3.5-turbo", "gpt-3.5-turbo"),
    ("openai", "gpt-3.5-turbo-0125", "gpt-3.5-turbo-0125"), ("openai", "gpt-3.5-turbo-1106", "gpt-3.5-turbo-1106"),
    ("openai", "gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct"), ("openai", "o1", "o1"), ("openai", "o1-mini", "o1-mini"),
    ("openai", "o3", "o3"), ("openai", "o3-mini", "o3-mini"), ("openai", "o4-mini", "o4-mini"), ("openai", "o3-pro", "o3-pro"),
    ("openai", "gpt-5", "gpt-5"), ("openai", "gpt-5-mini", "gpt-5-mini"), ("openai", "gpt-5-nano", "gpt-5-nano"),
    ("openai", "gpt-5.1", "gpt-5.1"), ("openai", "gpt-5.2", "gpt-5.2"), ("openai", "gpt-5-codex", "gpt-5-codex"),
    ("openai", "text-embedding-3-small", "text-embedding-3-small"), ("openai", "text-embedding-3-large", "text-embedding-3-large"),
    ("openai", "text-embedding-ada-002", "text-embedding-ada-002"),
    ("anthropic", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20241022"),
    ("anthropic", "claude-3-5-haiku-20241022", "claude-3-5-haiku-20241022"),
    ("anthropic", "claude-3-5-haiku-latest", "claude-3-5-haiku-latest"),
    ("anthropic", "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219"),
    ("anthropic", "claude-3-7-sonnet-latest", "claude-3-7-sonnet-latest"),
    ("anthropic", "claude-3-opus-20240229", "claude-3-opus-20240229"), ("anthropic", "claude-3-opus-latest", "claude-3-opus-latest"),
    ("anthropic", "claude-3-haiku-20240307", "claude-3-haiku-20240307"),
    ("anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4-20250514"), ("anthropic", "claude-opus-4-20250514", "claude-opus-4-20250514"),
    ("anthropic", "claude-opus-4-1-20250805", "claude-opus-4-1-20250805"),
    ("anthropic", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929"), ("anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5"),
    ("anthropic", "claude-haiku-4-5-20251001", "claude-haiku-4-5-20251001"), ("anthropic", "claude-haiku-4-5", "claude-haiku-4-5"),
    ("anthropic", "claude-opus-4-5-20251101", "claude-opus-4-5-20251101"),
    ("google", "claude-sonnet-4@20250514", "vertex_ai/claude-sonnet-4@20250514"),
    ("google", "claude-3-5-haiku@20241022", "vertex_ai/claude-3-5-haiku@20241022"),
    ("google", "gemini-2.5-pro", "gemini/gemini-2.5-pro"), ("google", "gemini-2.5-flash", "gemini/gemini-2.5-flash"),
    ("google", "gemini-2.5-flash-lite", "gemini/gemini-2.5-flash-lite"), ("google", "gemini-2.0-flash", "gemini/gemini-2.0-flash"),
    ("google", "gemini-2.0-flash-lite", "gemini/gemini-2.0-flash-lite"), ("google", "gemini-1.5-pro", "gemini/gemini-1.5-pro"),
    ("google", "gemini-1.5-flash", "gemini/gemini-1.5-flash"), ("google", "gemini-flash-latest", "gemini/gemini-flash-latest"),
    ("google", "gemini-flash-lite-latest", "gemini/gemini-flash-lite-latest"),
    ("google", "gemini-2.5-flash-preview-05-20", "gemini/gemini-2.5-flash-preview-05-20"),
    ("google", "gemini-2.5-flash-preview-09-2025", "gemini-2.5-flash-preview-09-2025"),
    ("google", "gemini-embedding-001", "gemini/gemini-embedding-001"), ("google", "text-embedding-004", "text-embedding-004"),
    ("bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
    ("bedrock", "anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-5-haiku-20241022-v1:0"),
    ("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"),
    ("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0", "us.anthropic.claude-sonnet-4-20250514-v1:0"),
    ("bedrock", "us.anthropic.claude-opus-4-20250514-v1:0", "us.anthropic.claude-opus-4-20250514-v1:0"),
    ("bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"),
    ("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ("bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ("bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0"),
    ("bedrock", "us.anthropic.claude-opus-4-5-20251101-v1:0", "us.anthropic.claude-opus-4-5-20251101-v1:0"),
    ("bedrock", "amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"), ("bedrock", "amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"),
    ("bedrock", "amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0"), ("bedrock", "us.amazon.nova-premier-v1:0", "us.amazon.nova-premier-v1:0"),
    ("bedrock", "meta.llama3-3-70b-instruct-v1:0", "meta.llama3-3-70b-instruct-v1:0"),
    ("bedrock", "us.meta.llama4-maverick-17b-instruct-v1:0", "us.meta.llama4-maverick-17b-instruct-v1:0"),
    ("bedrock", "amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v2:0"),
    ("azure", "gpt-4o", "azure/gpt-4o"), ("azure", "gpt-4o-mini", "azure/gpt-4o-mini"), ("azure", "gpt-4.1", "azure/gpt-4.1"),
    ("azure", "gpt-4.1-mini", "azure/gpt-4.1-mini"), ("azure", "gpt-5", "azure/gpt-5"), ("azure", "gpt-5-mini", "azure/gpt-5-mini"),
    ("azure", "o4-mini", "azure/o4-mini"), ("azure", "text-embedding-3-small", "azure/text-embedding-3-small"),
    ("mistral", "mistral-large-latest", "mistral/mistral-large-latest"), ("mistral", "mistral-small-latest", "mistral/mistral-small-latest"),
    ("mistral", "mistral-medium-latest", "mistral/mistral-medium-latest"), ("mistral", "codestral-latest", "mistral/codestral-latest"),
    ("mistral", "magistral-medium-latest", "mistral/magistral-medium-latest"),
    ("mistral", "magistral-small-latest", "mistral/magistral-small-latest"),
    ("mistral", "devstral-small-latest", "mistral/devstral-small-latest"), ("mistral", "open-mistral-nemo", "mistral/open-mistral-nemo"),
    ("mistral", "pixtral-large-latest", "mistral/pixtral-large-latest"), ("mistral", "ministral-8b-latest", "mistral/ministral-8b-latest"),
    ("mistral", "mistral-embed", "mistral/mistral-embed"),
    ("deepseek", "deepseek-chat", "deepseek/deepseek-chat"), ("deepseek", "deepseek-reasoner", "deepseek/deepseek-reasoner"),
    ("xai", "grok-4", "xai/grok-4"), ("xai", "grok-3", "xai/grok-3"), ("xai", "grok-3-mini", "xai/grok-3-mini"),
    ("xai", "grok-code-fast-1", "xai/grok-code-fast-1"), ("xai", "grok-4-fast-reasoning", "xai/grok-4-fast-reasoning"),
    ("groq", "llama-3.3-70b-versatile", "groq/llama-3.3-70b-versatile"), ("groq", "llama-3.1-8b-instant", "groq/llama-3.1-8b-instant"),
    ("groq", "meta-llama/llama-4-scout-17b-16e-instruct", "groq/meta-llama/llama-4-scout-17b-16e-instruct"),
    ("groq", "meta-llama/llama-4-maverick-17b-128e-instruct", "groq/meta-llama/llama-4-maverick-17b-128e-instruct"),
    ("groq", "openai/gpt-oss-120b", "groq/openai/gpt-oss-120b"), ("groq", "qwen/qwen3-32b", "groq/qwen/qwen3-32b"),
    ("groq", "moonshotai/kimi-k2-instruct", "groq/moonshotai/kimi-k2-instruct"),
    ("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"),
    ("together", "deepseek-ai/DeepSeek-V3", "together_ai/deepseek-ai/DeepSeek-V3"),
    ("together", "Qwen/Qwen2.5-72B-Instruct-Turbo", "together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo"),
    ("together", "openai/gpt-oss-120b", "together_ai/openai/gpt-oss-120b"),
    ("fireworks", "accounts/fireworks/models/llama-v3p1-70b-instruct", "fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct"),
    ("fireworks", "accounts/fireworks/models/deepseek-v3", "fireworks_ai/accounts/fireworks/models/deepseek-v3"),
    ("cohere", "command-r", "command-r"), ("cohere", "command-r-plus", "command-r-plus"),
    ("cohere", "command-r-08-2024", "command-r-08-2024"), ("cohere", "command-a-03-2025", "command-a-03-2025"),
    ("cohere", "command-r7b-12-2024", "command-r7b-12-2024"), ("cohere", "embed-english-v3.0", "embed-english-v3.0"),
]

# LiteLLM provider -> (the provider a client reports, the key prefix LiteLLM adds)
PROVIDERS = {
    "openai": ("openai", ""), "text-completion-openai": ("openai", ""), "anthropic": ("anthropic", ""),
    "gemini": ("google", "gemini/"), "vertex_ai-language-models": ("google", "vertex_ai/"),
    "bedrock": ("bedrock", "bedrock/"), "bedrock_converse": ("bedrock", "bedrock/"), "azure": ("azure", "azure/"),
    "mistral": ("mistral", "mistral/"), "deepseek": ("deepseek", "deepseek/"), "xai": ("xai", "xai/"),
    "groq": ("groq", "groq/"), "together_ai": ("together", "together_ai/"), "fireworks_ai": ("fireworks", "fireworks_ai/"),
    "cohere": ("cohere", ""), "cohere_chat": ("cohere", ""),
}
MODES = {"chat", "completion", "responses", "embedding"}
INPUT, CACHED, OUTPUT = 10_000, 4_000, 1_000


def load_litellm(path):
    if path:
        return json.load(open(path))
    try:
        import importlib.util
        spec = importlib.util.find_spec("litellm")
        if spec and spec.origin:
            found = os.path.join(os.path.dirname(spec.origin), "model_prices_and_context_window_backup.json")
            if os.path.exists(found):
                return json.load(open(found))
    except ImportError:
        pass
    folder = tempfile.mkdtemp(prefix="litellm-")
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "litellm", "-d", folder], check=True)
    wheel = glob.glob(os.path.join(folder, "litellm-*.whl"))[0]
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read("litellm/model_prices_and_context_window_backup.json"))


def reference(spec):
    """LiteLLM's cost in nano-dollars of the test tokens, and whether cache reads are in it."""
    price = lambda key: Decimal(repr(spec[key])) if isinstance(spec.get(key), (int, float)) else None
    inp, out, cached = price("input_cost_per_token"), price("output_cost_per_token"), price("cache_read_input_token_cost")
    if inp is None:
        return None, False
    embedding = spec.get("mode") == "embedding"
    out = out or Decimal(0)
    use_cache = cached is not None and not embedding
    uncached = INPUT - (CACHED if use_cache else 0)
    cost = uncached * inp + (CACHED * cached if use_cache else 0) + (0 if embedding else OUTPUT * out)
    return int((cost * Decimal(10) ** 9).to_integral_value()), use_cache


def all_corpus(litellm):
    cases = []
    for key, spec in litellm.items():
        if not isinstance(spec, dict) or spec.get("mode") not in MODES:
            continue
        mapped = PROVIDERS.get(spec.get("litellm_provider"))
        if not mapped:
            continue
        provider, prefix = mapped
        model = key[len(prefix):] if prefix and key.startswith(prefix) else key
        # Regional and commitment keys (bedrock/us-east-1/..., azure/eu/...) are not model ids.
        if provider in ("bedrock", "azure") and "/" in model:
            continue
        cases.append((provider, model, key))
    return cases


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body):
    request = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": "application/x-ndjson"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def run(burnrate, cases, litellm):
    work = tempfile.mkdtemp(prefix="check-prices-")
    port = free_port()
    server = subprocess.Popen(
        [burnrate, "serve", "--database", os.path.join(work, "prices.sqlite"), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        results = []
        for start in range(0, len(cases), 1000):
            chunk = cases[start:start + 1000]
            lines, expected = [], []
            for index, (provider, model, key) in enumerate(chunk):
                spec = litellm.get(key)
                cost, use_cache = reference(spec) if isinstance(spec, dict) else (None, False)
                expected.append((cost, use_cache))
                event = {"id": f"check-{start + index}", "provider": provider, "model": model,
                         "input_tokens": INPUT, "output_tokens": OUTPUT if not (spec or {}).get("mode") == "embedding" else 0}
                if use_cache:
                    event["cache_read_tokens"] = CACHED
                lines.append(json.dumps(event))
            answer = post(f"http://127.0.0.1:{port}/api/v1/events", "\n".join(lines))
            for (provider, model, key), (cost, _), outcome in zip(chunk, expected, answer["events"]):
                price = outcome.get("price") or {}
                ours = (outcome.get("cost") or {}).get("total_nanos")
                if cost is None:
                    verdict = "no reference"
                elif not outcome.get("priced"):
                    verdict = "unpriced"
                elif price.get("partial"):
                    verdict = "partial"
                elif cost == 0:
                    verdict = "agrees" if ours == 0 else "differs"
                else:
                    verdict = "agrees" if abs(ours - cost) <= cost / 100 else "differs"
                results.append({"provider": provider, "model": model, "key": key, "verdict": verdict,
                                "burnrate_nanos": ours, "litellm_nanos": cost, "price_id": price.get("id")})
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def usd(nanos):
    return "-" if nanos is None else f"${nanos / 1e9:.6f}"


def report(results, corpus):
    counts = Counter(r["verdict"] for r in results)
    judged = len(results) - counts["no reference"]
    lines = [f"Corpus `{corpus}`: {len(results)} ids, {judged} with a LiteLLM price. "
             f"Burnrate within 1% of LiteLLM: {counts['agrees']} ({100 * counts['agrees'] / max(judged, 1):.1f}%); "
             f"different: {counts['differs']}; unpriced: {counts['unpriced']}; partially priced: {counts['partial']}; "
             f"no LiteLLM price: {counts['no reference']}.", ""]
    per_provider = defaultdict(Counter)
    for r in results:
        per_provider[r["provider"]][r["verdict"]] += 1
    lines += ["| provider | ids | agree | differ | unpriced | partial |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for provider in sorted(per_provider):
        c = per_provider[provider]
        lines.append(f"| {provider} | {sum(c.values())} | {c['agrees']} | {c['differs']} | {c['unpriced']} | {c['partial']} |")
    lines.append("")
    shown = [r for r in results if r["verdict"] in ("differs", "unpriced", "partial")]
    if shown:
        lines += ["| id sent | LiteLLM key | Burnrate | LiteLLM | verdict | Burnrate's entry |",
                  "| --- | --- | ---: | ---: | --- | --- |"]
        for r in shown:
            lines.append(f"| {r['provider']}/{r['model']} | `{r['key']}` | {usd(r['burnrate_nanos'])} | {usd(r['litellm_nanos'])} "
                         f"| {r['verdict']} | {r['price_id'] or '-'} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--burnrate", required=True, help="the burnrate binary")
    parser.add_argument("--litellm", help="LiteLLM's model_prices_and_context_window.json")
    parser.add_argument("--corpus", choices=["popular", "all"], default="popular")
    parser.add_argument("--markdown", help="also write the report to this file")
    parser.add_argument("--json", help="write every result to this file")
    args = parser.parse_args()
    litellm = load_litellm(args.litellm)
    cases = POPULAR if args.corpus == "popular" else all_corpus(litellm)
    results = run(os.path.abspath(args.burnrate), cases, litellm)
    text = report(results, args.corpus)
    print(text)
    if args.markdown:
        open(args.markdown, "w").write(text)
    if args.json:
        json.dump(results, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
