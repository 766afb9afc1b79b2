import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A Burnrate application over an in-memory store and fixed test prices.
enum TestServer {
    static let prices = """
        [{"provider": "openai", "model": "gpt-4o", "aliases": ["gpt-4o-2024-08-06"], "effective_from": "2024-10-01",
          "input": "2.50", "output": "10.00", "cache_read": "1.25", "tiers": {"batch": {"discount": "0.5"}}},
         {"provider": "anthropic", "model": "claude-haiku-4-5", "effective_from": "2025-10-15", "input": "1.00", "output": "5.00",
          "cache_read": "0.10", "cache_write": "1.25"}]
        """

    static func ledger() async throws -> Ledger {
        let builtin = try PriceDocument.parse(Array(prices.utf8), origin: .builtin)
        return try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: builtin)
    }

    /// Runs `body` with a client of a fresh application.
    static func withClient<T: Sendable>(
        configuration: AppConfiguration = AppConfiguration(logLevel: .error), ledger: Ledger? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let resolved: Ledger
        if let ledger { resolved = ledger } else { resolved = try await Self.ledger() }
        let app = buildApplication(configuration: configuration, ledger: resolved)
        return try await app.test(.router) { client in try await body(client) }
    }

    /// Runs `body` with a client of a fresh application that has stored `events` (JSON objects).
    static func withEvents(
        _ events: [String], configuration: AppConfiguration = AppConfiguration(logLevel: .error),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await withClient(configuration: configuration) { client in
            let response = try await client.post("/api/v1/events", "[" + events.joined(separator: ",") + "]")
            #expect(response.json["accepted"] as? Int == events.count)
            try await body(client)
        }
    }
}

extension TestClientProtocol {
    func post(_ uri: String, _ body: String, contentType: String = "application/json", key: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func put(_ uri: String, _ body: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .put, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    func get(_ uri: String, key: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }
}

extension Dictionary where Key == String, Value == Any {
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(part)]
            }
        }
        return current
    }
}
