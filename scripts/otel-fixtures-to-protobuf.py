#!/usr/bin/env python3
"""Writes the protobuf encoding (.pb) of every OTLP/JSON fixture in Tests/Fixtures/otel, and
the gzip-compressed protobuf (.pb.gz) of one, as the OpenTelemetry Collector would send it.

The .pb files are committed; this script documents how they were made and remakes them:
    pip install opentelemetry-proto
    python3 scripts/otel-fixtures-to-protobuf.py

It uses the official generated classes of opentelemetry-proto, so the binary fixtures test
Burnrate's hand-written decoder against the reference encoder. OTLP/JSON writes trace and span
ids as hex, while protobuf's json_format expects base64, so ids are converted first.
"""
import base64
import gzip
import json
import pathlib

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

ID_KEYS = {"traceId", "spanId", "parentSpanId"}


def hex_ids_to_base64(node):
    if isinstance(node, dict):
        return {
            key: base64.b64encode(bytes.fromhex(value)).decode() if key in ID_KEYS else hex_ids_to_base64(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [hex_ids_to_base64(value) for value in node]
    return node


directory = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "otel"
for path in sorted(directory.glob("*.json")):
    request = json_format.ParseDict(hex_ids_to_base64(json.loads(path.read_text())), ExportTraceServiceRequest())
    path.with_suffix(".pb").write_bytes(request.SerializeToString())
    print(f"{path.with_suffix('.pb').name}: {request.ByteSize()} bytes")

openlit = (directory / "openlit.pb").read_bytes()
(directory / "openlit.pb.gz").write_bytes(gzip.compress(openlit, mtime=0))
print(f"openlit.pb.gz: gzip of openlit.pb")

# 65 MiB of zeros: inflates past the 64 MiB limit of POST /v1/traces from about 64 KiB on the wire.
(directory / "zeros-65MiB.gz").write_bytes(gzip.compress(bytes(65 * 1024 * 1024), mtime=0))
print("zeros-65MiB.gz: gzip of 65 MiB of zeros")
