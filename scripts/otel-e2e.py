#!/usr/bin/env python3
"""End-to-end check of POST /v1/traces with the official OpenTelemetry Python SDK.

    pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
    python3 scripts/otel-e2e.py http://127.0.0.1:8080 [API_KEY]

Emits one GenAI chat span (OpenTelemetry GenAI semantic conventions, as an instrumentation
library would) through the SDK's OTLP/HTTP protobuf exporter, with gzip compression as the
Collector uses, and prints the id of the event Burnrate records for it. With --read (and a key
that may read, or none), reads the event back and prints it as JSON too. Exits non-zero if the
export fails.
"""
import json
import sys
import time
import urllib.request

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult

arguments = [argument for argument in sys.argv[1:] if argument != "--read"]
base = arguments[0].rstrip("/")
key = arguments[1] if len(arguments) > 1 else None
headers = {"Authorization": f"Bearer {key}"} if key else {}

# Two minutes rather than the SDK's 10 s: CI's full test suite on two cores once kept the server
# from answering within 10 s (alone it answers in milliseconds).
exporter = OTLPSpanExporter(endpoint=f"{base}/v1/traces", headers=headers, compression=Compression.Gzip, timeout=120)
results = []


class Recording(SimpleSpanProcessor):
    def on_end(self, span):
        results.append(exporter.export([span]))


provider = TracerProvider(
    resource=Resource.create({"service.name": "e2e-chat", "deployment.environment.name": "e2e", "tenant.id": "acme"})
)
provider.add_span_processor(Recording(exporter))
tracer = provider.get_tracer("burnrate-e2e")

with tracer.start_as_current_span("chat gpt-4o", kind=trace.SpanKind.CLIENT) as span:
    span.set_attribute("gen_ai.operation.name", "chat")
    span.set_attribute("gen_ai.provider.name", "openai")
    span.set_attribute("gen_ai.request.model", "gpt-4o")
    time.sleep(0.05)
    span.set_attribute("gen_ai.response.model", "gpt-4o-2024-08-06")
    span.set_attribute("gen_ai.usage.input_tokens", 1000)
    span.set_attribute("gen_ai.usage.cache_read.input_tokens", 200)
    span.set_attribute("gen_ai.usage.output_tokens", 100)
    context = span.get_span_context()
provider.shutdown()

if results != [SpanExportResult.SUCCESS]:
    sys.exit(f"export failed: {results}")
event_id = f"otel-{context.trace_id:032x}-{context.span_id:016x}"
if "--read" in sys.argv:
    request = urllib.request.Request(f"{base}/api/v1/events/{event_id}", headers=headers)
    with urllib.request.urlopen(request) as response:
        print(json.dumps(json.load(response)))
print(event_id)
