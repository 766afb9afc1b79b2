import Foundation

/// Decodes the JSON encoding of an OTLP `ExportTraceServiceRequest`
/// (`Content-Type: application/json`), as the OTLP/HTTP specification defines it: the proto3
/// JSON mapping with lowerCamelCase keys, trace and span ids as hex strings (not base64), and
/// 64-bit integers as strings or numbers. Keys in the proto's snake_case are accepted too, as
/// proto3 JSON parsers do; unknown keys are ignored.
public enum OTLPJSONDecoder {
    /// Decodes a whole request body.
    public static func decode(_ body: some Collection<UInt8>) throws(OTLPDecodingError) -> OTLPTraceRequest {
        let root: JSONNode
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw OTLPDecodingError("the body is not valid JSON: \(error.description)")
        }
        guard root.members != nil else { throw OTLPDecodingError("the body must be a JSON object with resourceSpans") }
        var request = OTLPTraceRequest()
        for (index, node) in try list(root, "resourceSpans", "resource_spans", at: "").enumerated() {
            let path = "resourceSpans[\(index)]"
            var resourceSpans = OTLPResourceSpans()
            if let resource = member(node, "resource") {
                resourceSpans.resourceAttributes = try attributes(resource, at: path + ".resource")
            }
            for (scopeIndex, scope) in try list(node, "scopeSpans", "scope_spans", at: path).enumerated() {
                let scopePath = "\(path).scopeSpans[\(scopeIndex)]"
                for (spanIndex, span) in try list(scope, "spans", "spans", at: scopePath).enumerated() {
                    resourceSpans.spans.append(try self.span(span, at: "\(scopePath).spans[\(spanIndex)]"))
                }
            }
            request.resourceSpans.append(resourceSpans)
        }
        return request
    }

    static func span(_ node: JSONNode, at path: String) throws(OTLPDecodingError) -> OTLPSpan {
        guard node.members != nil else { throw OTLPDecodingError("\(path) must be an object") }
        var span = OTLPSpan(
            traceID: try id(node, "traceId", "trace_id", at: path), spanID: try id(node, "spanId", "span_id", at: path),
            parentSpanID: try id(node, "parentSpanId", "parent_span_id", at: path))
        if let name = member(node, "name") {
            guard case .string(let text) = name.value else { throw OTLPDecodingError("\(path).name must be a string") }
            span.name = text
        }
        span.startTimeUnixNano = try unsigned(
            member(node, "startTimeUnixNano") ?? member(node, "start_time_unix_nano"), at: path + ".startTimeUnixNano")
        span.endTimeUnixNano = try unsigned(
            member(node, "endTimeUnixNano") ?? member(node, "end_time_unix_nano"), at: path + ".endTimeUnixNano")
        span.attributes = try attributes(node, at: path)
        if let status = member(node, "status") {
            if let code = member(status, "code") {
                switch code.value {
                case .number(let text): span.status = Int(text).flatMap(OTLPStatusCode.init(rawValue:)) ?? .unset
                case .string(let text):
                    switch text.uppercased() {
                    case "STATUS_CODE_OK", "OK": span.status = .ok
                    case "STATUS_CODE_ERROR", "ERROR": span.status = .error
                    default: span.status = .unset
                    }
                default: throw OTLPDecodingError("\(path).status.code must be a number")
                }
            }
            if let message = member(status, "message"), case .string(let text) = message.value { span.statusMessage = text }
        }
        return span
    }

    /// The `attributes` array of an object (a resource or a span).
    static func attributes(_ node: JSONNode, at path: String) throws(OTLPDecodingError) -> OTLPAttributes {
        var result = OTLPAttributes()
        for (index, element) in try list(node, "attributes", "attributes", at: path).enumerated() {
            result.pairs.append(try keyValue(element, at: "\(path).attributes[\(index)]", depth: 0))
        }
        return result
    }

    static func keyValue(_ node: JSONNode, at path: String, depth: Int) throws(OTLPDecodingError) -> OTLPKeyValue {
        guard let keyNode = member(node, "key"), case .string(let key) = keyNode.value else {
            throw OTLPDecodingError("\(path) must be an object with a string key")
        }
        guard let valueNode = member(node, "value") else { return OTLPKeyValue(key, .string("")) }
        return OTLPKeyValue(key, try anyValue(valueNode, at: "\(path) (\(key))", depth: depth + 1))
    }

    /// An `AnyValue` object: `{"stringValue": ...}`, `{"intValue": "3"}`, `{"arrayValue": {"values": [...]}}`...
    static func anyValue(_ node: JSONNode, at path: String, depth: Int) throws(OTLPDecodingError) -> OTLPValue {
        guard depth <= OTLPProtobufDecoder.maximumValueDepth else {
            throw OTLPDecodingError("attribute values nest deeper than \(OTLPProtobufDecoder.maximumValueDepth) levels at \(path)")
        }
        guard let members = node.members else {
            throw OTLPDecodingError("\(path) must be an AnyValue object such as {\"stringValue\": \"x\"}")
        }
        guard let first = members.first else { return .string("") }
        let value = first.node
        switch first.key {
        case "stringValue", "string_value":
            guard case .string(let text) = value.value else { break }
            return .string(text)
        case "boolValue", "bool_value":
            guard case .bool(let flag) = value.value else { break }
            return .bool(flag)
        case "intValue", "int_value":
            switch value.value {
            case .number(let text), .string(let text):
                if let number = Int64(text) { return .int(number) }
                if let number = Double(text), number.rounded() == number, abs(number) < 9.2e18 { return .int(Int64(number)) }
            default: break
            }
        case "doubleValue", "double_value":
            switch value.value {
            case .number(let text), .string(let text):
                if let number = Double(text) { return .double(number) }
            default: break
            }
        case "arrayValue", "array_value":
            var values: [OTLPValue] = []
            for (index, element) in try list(value, "values", "values", at: path).enumerated() {
                values.append(try anyValue(element, at: "\(path)[\(index)]", depth: depth + 1))
            }
            return .array(values)
        case "kvlistValue", "kvlist_value":
            var pairs: [OTLPKeyValue] = []
            for (index, element) in try list(value, "values", "values", at: path).enumerated() {
                pairs.append(try keyValue(element, at: "\(path)[\(index)]", depth: depth + 1))
            }
            return .keyValues(OTLPAttributes(pairs))
        case "bytesValue", "bytes_value":
            if case .string(let text) = value.value, let data = Data(base64Encoded: text) { return .bytes(Array(data)) }
        default:
            return .string("")
        }
        throw OTLPDecodingError("\(path).\(first.key) has the wrong type (\(value.value.typeDescription))")
    }

    /// A trace or span id: hex, as OTLP/JSON requires; an absent id reads as empty.
    static func id(_ node: JSONNode, _ key: String, _ snakeKey: String, at path: String) throws(OTLPDecodingError) -> [UInt8] {
        guard let value = member(node, key) ?? member(node, snakeKey) else { return [] }
        guard case .string(let text) = value.value, let bytes = hexBytes(text) else {
            throw OTLPDecodingError("\(path).\(key) must be a hex string such as \"5b8efff798038103d269b633813fc60c\"")
        }
        return bytes
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexDigit(digits[index]), let low = hexDigit(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A `fixed64` time: a string or a number of nanoseconds; absent reads as 0.
    static func unsigned(_ node: JSONNode?, at path: String) throws(OTLPDecodingError) -> UInt64 {
        guard let node else { return 0 }
        switch node.value {
        case .number(let text), .string(let text):
            if let value = UInt64(text) { return value }
            if let value = Double(text), value >= 0, value < 1.8e19 { return UInt64(value) }
        default: break
        }
        throw OTLPDecodingError("\(path) must be an unsigned integer of nanoseconds, as a string or a number")
    }

    static func member(_ node: JSONNode, _ key: String) -> JSONNode? {
        node.members?.first { $0.key == key }?.node
    }

    /// The array under `key` (or its snake_case spelling); absent or null reads as empty.
    /// The elements of the array at `key` (or `snakeKey`), none when absent or null. `node` and
    /// every element must be objects: a number where a resource or scope belongs is an error,
    /// not an empty one.
    static func list(_ node: JSONNode, _ key: String, _ snakeKey: String, at path: String) throws(OTLPDecodingError) -> [JSONNode] {
        guard node.members != nil else { throw OTLPDecodingError("\(path.isEmpty ? "the body" : path) must be an object") }
        guard let value = member(node, key) ?? member(node, snakeKey) else { return [] }
        if case .null = value.value { return [] }
        guard let elements = value.elements else {
            throw OTLPDecodingError("\(path.isEmpty ? "" : path + ".")\(key) must be an array")
        }
        return elements
    }
}
