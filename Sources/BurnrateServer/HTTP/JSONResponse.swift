import BurnrateCore
import HTTPTypes
import Hummingbird
import NIOCore

/// A JSON body built from `JSONValue`, so responses keep a stable, readable key order.
struct JSONResponse: ResponseGenerator {
    var value: JSONValue
    var status: HTTPResponse.Status = .ok
    /// Indented for people reading a response; 0 writes it on one line, for answers too long to
    /// read by eye, where the indentation would be most of the bytes.
    var indent = 2
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: value.serialized(indent: indent) + "\n")))
    }
}

extension JSONValue {
    static func int(_ value: Int64) -> JSONValue { .number(String(value)) }
    static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// Dollars as a decimal string with nine decimals, exact.
    static func usd(_ money: Money) -> JSONValue { .string(money.usdString) }

    static func optionalString(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }
}

extension JSONValue {
    /// A ratio or statistic, rounded to six decimals; `null` when it is not finite, which JSON
    /// has no number for.
    static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return .number(rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded))
    }
}
