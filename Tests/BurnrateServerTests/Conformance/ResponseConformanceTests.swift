import BurnrateCatalog
import BurnrateServer
import BurnrateStore
import BurnrateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// Real responses agree with the OpenAPI document the server serves. Every documented operation
/// that needs no upstream is called with valid requests: the reads over the demo's history (the
/// run's shared `DemoLedger`, ids taken from earlier answers), the writes on a ledger of their own
/// so that the shared one does not change, plus a few refused requests for the problem
/// responses. `scripts/check-responses.py` (jsonschema, PyPI) then checks each status code,
/// content type and JSON body against the operation's documented response, and prints the
/// operation, the JSON path and what the document expects for every mismatch. Fails, never
/// skips, when python3 or jsonschema is missing. The proxy's operations are left to
/// `SchemathesisTests`, which runs them against a fake provider.
@Suite(.tags(.python)) struct ResponseConformanceTests {
    @Test(.timeLimit(.minutes(15)))
    func realResponsesMatchTheDocumentedSchemas() async throws {
        let demo = try await DemoLedger.ledger()
        let reader = buildApplication(configuration: try await DemoSeedingTests.demoConfiguration(demo), ledger: demo)
        let writer = buildApplication(
            configuration: AppConfiguration(logLevel: .error),
            ledger: try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: try BuiltinCatalog.entries()))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = directory.appendingPathComponent("openapi.json")
        let exchanges = directory.appendingPathComponent("exchanges.json")
        let reads = try await reader.test(.router) { client in
            var recorder = ExchangeRecorder(client: client)
            let served = try await recorder.call(.get, "/openapi.json")
            try Data(served.body.readableBytesView).write(to: document)
            try await Self.callReads(&recorder)
            return recorder.exchanges
        }
        let writes = try await writer.test(.router) { client in
            var recorder = ExchangeRecorder(client: client)
            try await Self.callWrites(&recorder)
            try await Self.callRefusals(&recorder)
            return recorder.exchanges
        }
        try JSONEncoder().encode(reads + writes).write(to: exchanges)
        let (status, output) = try await TestPython.run("check-responses.py", [document.path, exchanges.path])
        #expect(status == 0, "responses differ from openapi.json (or python3 or jsonschema is missing):\n\(output)")
        #expect(output.contains(" 0 mismatches"), "the checker's summary is missing")
        if status == 0 { print(output) }  // the count checked, and the schemas too loose to catch much
    }
}
