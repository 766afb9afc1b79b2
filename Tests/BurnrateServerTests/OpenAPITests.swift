import BurnrateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The OpenAPI document describes exactly the routes the application serves.
@Suite struct OpenAPITests {
    /// `GET /api/v1/events/{id}` and the like, as the router lists them.
    static func routes() async throws -> Set<String> {
        let router = buildRouter(configuration: AppConfiguration(logLevel: .error), ledger: try await TestServer.ledger())
        return Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
    }

    static func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.get("/openapi.json")
        #expect(response.status == .ok)
        return response.json
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let routes = try await Self.routes()
        try await TestServer.withClient { client in
            let document = try await Self.document(client)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(
                paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            // A route ending in `**` (prices/{provider}/{model}) is documented by its parameters.
            func isDocumented(_ route: String) -> Bool {
                guard route.hasSuffix("/**") else { return documented.contains(route) }
                return documented.contains { $0.hasPrefix(String(route.dropLast(2))) }
            }
            let missing = routes.filter { !isDocumented($0) }.sorted()
            #expect(missing.isEmpty, "Routes missing from openapi.json: \(missing)")
            let stale = documented.filter { route in
                !routes.contains(route) && !routes.contains { $0.hasSuffix("/**") && route.hasPrefix(String($0.dropLast(2))) }
            }
            #expect(stale.isEmpty, "openapi.json documents routes the application does not serve: \(stale.sorted())")
        }
    }

    @Test func everyReferenceResolves() async throws {
        try await TestServer.withClient { client in
            let document = try await Self.document(client)
            var references: [String] = []
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let reference = object["$ref"] as? String { references.append(reference) }
                    object.values.forEach(collect)
                } else if let array = value as? [Any] {
                    array.forEach(collect)
                }
            }
            collect(document)
            #expect(!references.isEmpty)
            for reference in Set(references) {
                let parts = reference.dropFirst(2).split(separator: "/").map(String.init)
                let target = parts.reduce(document as Any?) { ($0 as? [String: Any])?[$1] }
                #expect(target != nil, "\(reference) does not resolve")
            }
        }
    }
}
