import BurnrateServer
import BurnrateTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Schemathesis (PyPI) with all its checks against a live server over demo history, whose proxy
/// forwards to a fake provider: every operation of the served OpenAPI document, in every phase,
/// with valid and invalid data (`scripts/run-schemathesis.py`). Fails with schemathesis's report
/// when it finds a failure, and when schemathesis is missing (`pip install schemathesis`, as
/// `.ci/run` does); it never skips.
@Suite(.tags(.python)) struct SchemathesisTests {
    @Test(.timeLimit(.minutes(15)))
    func everyOperationConformsToTheDocument() async throws {
        let ledger = try await DemoLedger.make()
        try await FakeUpstream.with { port, _ in
            let app = buildApplication(configuration: ProxyAPITests.configuration(port: port), ledger: ledger)
            try await app.test(.live) { client in
                let base = "http://127.0.0.1:\(try #require(client.port))"
                let (status, output) = try await TestPython.run("run-schemathesis.py", [base])
                #expect(status == 0, "schemathesis found failures (or is not installed):\n\(output)")
                // A run that left operations out would also exit 0.
                let selected = try #require(output.firstMatch(of: /Selected: (\d+)\/(\d+)/), "\(output)")
                let tested = try #require(output.firstMatch(of: /Tested: (\d+)/), "\(output)")
                #expect(selected.1 == selected.2 && tested.1 == selected.2, "not every operation was tested:\n\(output)")
            }
        }
    }
}
