#!/usr/bin/env python3
"""Checks real responses against the OpenAPI document: each status code is documented for its
operation, each content type is one the response documents, and each JSON body is valid against
the documented schema, `$ref`s resolved (JSON Schema 2020-12, formats checked).

    pip install jsonschema rfc3339-validator
    python3 scripts/check-responses.py openapi.json exchanges.json

`exchanges.json` is a list of objects with `method`, `path` (the documented path, such as
`/api/v1/budgets/{id}`), `uri` (what was called), `status`, `content_type` and `body` (text).
`ResponseConformanceTests` writes it from calls to a seeded server. Prints one line per
mismatch (the operation, the call, the JSON path in the body, what the document expects and the
schema location that says so) and a count of what was checked; exits 1 when anything does not
conform, and when jsonschema (or rfc3339-validator, without which jsonschema skips the
`date-time` format) is not installed.
"""
import json
import sys

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:burnrate:openapi"


def pointer_token(text):
    return text.replace("~", "~0").replace("/", "~1")


def resolve(document, node):
    """`node` with a `$ref` to the document (responses are referenced) followed."""
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def media_type(text):
    """The media type without parameters, lowercased: `text/plain; version=0.0.4` is `text/plain`."""
    return text.split(";")[0].strip().lower()


def documented_response(operation, status):
    """The response key documented for `status`: the code itself, its class (`2XX`), or `default`."""
    responses = operation.get("responses", {})
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return key
    return None


def is_loose(document, schema):
    """Whether `schema` says no more than a type: any object (or array) passes it."""
    schema = resolve(document, schema)
    words = {"properties", "items", "oneOf", "anyOf", "allOf", "additionalProperties", "required", "enum", "const"}
    return isinstance(schema, dict) and not words.intersection(schema)


LOOSE = set()


def check(document, registry, exchange):
    """The mismatches of one exchange, as lines of text."""
    method, path, status = exchange["method"].lower(), exchange["path"], exchange["status"]
    where = f"{exchange['method'].upper()} {path} (called as {exchange['uri']}) answered {status}"
    operation = document.get("paths", {}).get(path, {}).get(method)
    if operation is None:
        return [f"{where}: the document has no such operation"]
    key = documented_response(operation, status)
    if key is None:
        return [f"{where}: status {status} is not documented (documented: {', '.join(operation.get('responses', {}))})"]
    response = resolve(document, operation["responses"][key])
    content = response.get("content") or {}
    actual = exchange.get("content_type") or ""
    body = exchange.get("body") or ""
    if not content:
        return [] if body == "" else [f"{where}: the document gives response {key} no body, but it has {len(body)} characters"]
    matches = [name for name in content if media_type(name) == media_type(actual)]
    if not matches:
        return [f"{where}: content type '{actual}' is not documented (documented: {', '.join(content)})"]
    schema = content[matches[0]].get("schema")
    if schema is None or not (media_type(actual) == "application/json" or media_type(actual).endswith("+json")):
        return []
    if is_loose(document, schema):
        LOOSE.add(f"{exchange['method'].upper()} {path} {key}")
    try:
        instance = json.loads(body)
    except ValueError as error:
        return [f"{where}: the body is not JSON ({error}): {body[:200]!r}"]
    pointer = "/".join(["#", "paths", pointer_token(path), method, "responses", key])
    if "$ref" in operation["responses"][key]:
        pointer = operation["responses"][key]["$ref"]
    pointer += "/content/" + pointer_token(matches[0]) + "/schema"
    validator = Draft202012Validator({"$ref": DOCUMENT_URI + pointer}, registry=registry, format_checker=FormatChecker())
    problems = []
    for error in sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path)):
        schema_path = "/".join(str(part) for part in error.absolute_schema_path)
        problems.append(f"{where}: at {error.json_path}: {error.message} (schema: {pointer}, keyword path {schema_path})")
    return problems


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: scripts/check-responses.py OPENAPI_JSON EXCHANGES_JSON")
    with open(sys.argv[1], encoding="utf-8") as file:
        document = json.load(file)
    with open(sys.argv[2], encoding="utf-8") as file:
        exchanges = json.load(file)
    if "date-time" not in FormatChecker.checkers:
        sys.exit("jsonschema cannot check the date-time format: pip install rfc3339-validator")
    registry = Registry().with_resource(DOCUMENT_URI, DRAFT202012.create_resource(document))
    problems = []
    for exchange in exchanges:
        problems += check(document, registry, exchange)
    operations = {(exchange["method"].upper(), exchange["path"]) for exchange in exchanges}
    bodies = sum(1 for exchange in exchanges if media_type(exchange.get("content_type") or "").endswith("json"))
    for problem in problems:
        print(problem)
    if LOOSE:
        print(f"Responses whose schema gives only a type, so any body of that type passes ({len(LOOSE)}):")
        for name in sorted(LOOSE):
            print(f"  {name}")
    print(
        f"Checked {len(exchanges)} responses of {len(operations)} operations ({bodies} JSON bodies) "
        f"with jsonschema {jsonschema_version()}: {len(problems)} mismatches."
    )
    sys.exit(1 if problems else 0)


def jsonschema_version():
    from importlib.metadata import version

    return version("jsonschema")


if __name__ == "__main__":
    main()
