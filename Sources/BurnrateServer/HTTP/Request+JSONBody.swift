import BurnrateCore
import Hummingbird
import NIOCore

extension Request {
    /// The body parsed as one JSON document, for the endpoints that read a JSON object; a body
    /// that is not JSON is a 400 problem saying where it breaks, and one longer than `limit`
    /// bytes a 413.
    ///
    /// - Parameter empty: what an empty body stands for, when an endpoint's body is optional;
    ///   without it an empty body is not JSON.
    mutating func jsonBody(upTo limit: Int, empty: JSONNode? = nil) async throws -> JSONNode {
        let body = try await collectBody(upTo: limit)
        if body.readableBytes == 0, let empty { return empty }
        return try Self.parseJSON(body)
    }

    /// `body` as one JSON document, or the 400 problem for a body that is not JSON.
    static func parseJSON(_ body: ByteBuffer) throws(Problem) -> JSONNode {
        do {
            return try JSONParser.parse(body.readableBytesView)
        } catch {
            throw Problem.badRequest("The body is not valid JSON: \(error.description).")
        }
    }
}

extension JSONNode {
    /// `{}` on the first line: what an optional body left empty stands for.
    static var emptyObject: JSONNode { JSONNode(.object([]), line: 1) }
}
