import BurnrateCore
import BurnrateServer
import BurnrateStore
import BurnrateTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The official `openai` and `anthropic` Python clients (from PyPI) against Burnrate's proxy,
/// which forwards to a fake provider on loopback. Fails when python3 or the packages are missing
/// (`pip install openai anthropic`, as `.ci/run` does).
@Suite(.tags(.python)) struct PythonClientTests {
    /// Prints one line per call: `name request-id` and what the client parsed.
    static let script = #"""
        import sys, openai, anthropic
        base = sys.argv[1]
        oa = openai.OpenAI(base_url=base + "/v1", api_key="sk-test", default_headers={"X-Burnrate-Tenant": "acme", "X-Burnrate-Feature": "py"})
        raw = oa.chat.completions.with_raw_response.create(model="gpt-4o", messages=[{"role": "user", "content": "Say hello"}], max_tokens=10)
        completion = raw.parse()
        assert completion.choices[0].message.content == "Hello", completion
        assert completion.usage.prompt_tokens == 20, completion.usage
        print("openai", raw.headers["x-burnrate-request-id"], raw.headers["x-burnrate-cost-usd"])
        raw = oa.chat.completions.with_raw_response.create(model="gpt-4o", messages=[{"role": "user", "content": "Say hello"}], stream=True)
        text, usages = "", 0
        for chunk in raw.parse():
            if chunk.usage is not None:
                usages += 1
            for choice in chunk.choices:
                text += choice.delta.content or ""
        assert text == "Hello", text
        assert usages == 0, "the usage chunk the client did not ask for reached it"
        print("openai-stream", raw.headers["x-burnrate-request-id"], "-")
        ac = anthropic.Anthropic(base_url=base, api_key="sk-ant-test", default_headers={"X-Burnrate-Tenant": "acme"})
        raw = ac.messages.with_raw_response.create(model="claude-haiku-4-5", max_tokens=20, messages=[{"role": "user", "content": "Say hello"}])
        message = raw.parse()
        assert message.content[0].text == "Hello", message
        assert message.usage.cache_read_input_tokens == 100, message.usage
        print("anthropic", raw.headers["x-burnrate-request-id"], raw.headers["x-burnrate-cost-usd"])
        raw = ac.messages.with_raw_response.create(model="claude-haiku-4-5", max_tokens=20, messages=[{"role": "user", "content": "Say hello"}], stream=True)
        text = ""
        for event in raw.parse():
            if event.type == "content_block_delta":
                text += event.delta.text
        assert text == "Hello", text
        print("anthropic-stream", raw.headers["x-burnrate-request-id"], "-")
        """#

    /// Loops chat calls in one session (`X-Burnrate-Session` in `default_headers`) until the
    /// proxy's per-session budget stops it; prints `stopped CALLS` after the `RateLimitError`.
    static let sessionLoop = #"""
        import sys, openai
        base, session = sys.argv[1], sys.argv[2]
        oa = openai.OpenAI(base_url=base + "/v1", api_key="sk-test", default_headers={"X-Burnrate-Feature": "agent-workflows", "X-Burnrate-Session": session})
        calls = 0
        try:
            for _ in range(50):
                oa.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Say hello"}], max_tokens=10)
                calls += 1
        except openai.RateLimitError as error:
            assert error.status_code == 429, error.status_code
            assert "'" + session + "'" in str(error), str(error)
            assert error.response.headers["x-burnrate-budget"] == "agent-run", error.response.headers
            print("stopped", calls)
        else:
            print("not-stopped", calls)
        """#

    /// Runs `python3 -c script arguments...`; returns its exit status, standard output and error.
    static func python(
        _ arguments: [String], script: String = PythonClientTests.script
    ) async throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (status, out, err)
    }

    @Test func officialClientsStreamAndNotRecordCatalogCosts() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            let app = buildApplication(configuration: ProxyAPITests.configuration(port: port), ledger: ledger)
            try await app.test(.live) { client in
                let run = try await Self.python(["http://127.0.0.1:\(try #require(client.port))"])
                #expect(run.status == 0, "python3 failed (is `pip install openai anthropic` done?): \(run.error)")
                let lines = run.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
                #expect(lines.map { $0.first ?? "" } == ["openai", "openai-stream", "anthropic", "anthropic-stream"])
                let expected: [String: Money] = [
                    "openai": ProxyAPITests.chatCost, "openai-stream": ProxyAPITests.chatCost,
                    "anthropic": ProxyAPITests.messagesCost, "anthropic-stream": ProxyAPITests.messagesCost,
                ]
                for line in lines where line.count == 3 {
                    let stored = try await ProxyAPITests.event(line[1], in: ledger)
                    #expect(stored.priced.cost.total == expected[line[0]], "\(line[0])")
                    #expect(stored.priced.event.attribution.tenant == "acme")
                    if line[2] != "-" { #expect(line[2] == expected[line[0]]?.usdString) }
                }
                let sent = await log.requests
                #expect(sent.count == 4)
                #expect(sent[1].body.contains(#""include_usage":true"#))
            }
        }
    }

    /// The official OpenAI client loops in one session and is stopped by a per-session budget with
    /// `openai.RateLimitError` naming the session; it does not retry (`X-Should-Retry: false`),
    /// and another session still goes through.
    @Test func aPerSessionBudgetStopsTheOfficialClientsLoop() async throws {
        try await FakeUpstream.with { port, log in
            let ledger = try await TestServer.ledger()
            let app = buildApplication(configuration: ProxyAPITests.configuration(port: port), ledger: ledger)
            try await app.test(.live) { client in
                try await SessionBudgetAPITests.createBudget(client)
                let base = "http://127.0.0.1:\(try #require(client.port))"
                let run = try await Self.python([base, "agent-run-7"], script: Self.sessionLoop)
                #expect(run.status == 0, "python3 failed (is `pip install openai` done?): \(run.error)")
                let words = run.output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                #expect(words.first == "stopped", "\(run.output)")
                let calls = Int(words.last ?? "") ?? 0
                #expect(calls >= 1)
                #expect(await log.requests.count == calls)
                let metrics = try await client.get("/metrics").text
                #expect(metrics.contains("burnrate_proxy_budget_refusals_total 1"))
                let other = try await Self.python([base, "agent-run-8"], script: Self.sessionLoop)
                #expect(other.output.hasPrefix("stopped \(calls)"), "\(other.output) \(other.error)")
            }
        }
    }
}
