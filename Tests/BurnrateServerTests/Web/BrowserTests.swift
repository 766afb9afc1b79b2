import BurnrateCore
import BurnrateServer
import BurnrateStore
import BurnrateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// The dashboard in a real browser: Debian's headless chromium opens every page of a live
/// server over demo data at two desktop sizes and a phone's. Any console message, any request the
/// server answered with an error, any same-origin link that does not answer 2xx/3xx, and anything
/// the layout check finds (text over text, clipped content, a page wider than the window) fails
/// the test. Screenshots land in `.build/dashboard-screenshots/`.
@Suite(.serialized) struct BrowserTests {
    /// The pages of the main navigation (ROI with and without an investment), a drill-down view
    /// and the price form.
    static let pages: [(name: String, path: String)] = [
        ("executive", "/"), ("costs", "/costs"), ("costs-tenant", "/costs?period=30d&tenant=globex"),
        ("operations", "/operations"), ("budgets", "/budgets"), ("roi", "/roi"), ("roi-investment", "/roi?investment=2500"),
        ("roi-recurring", "/roi?investment=100000&recurring_cost=2000"), ("request", "/requests/browser-test-request"),
        ("sessions", "/sessions"), ("session", "/sessions/browser-test-run"), ("run-request", "/requests/browser-run-2"),
        ("price", "/prices/new?provider=openai&model=ft:gpt-4o-mini-2024-07-18:acme:support:9xk2"),
    ]

    /// The demo ledger with what a new user would have after a while: a monthly budget, the
    /// alerts of the demo's spike (evaluated as at the spike) and one request to look at, stored
    /// long before every range the other tests compare.
    /// A ledger of its own: the other suites' applications evaluate alerts on the shared one in
    /// the background, at "now", which would clash with the alerts evaluated here at the spike.
    private static let prepared = Task { () throws -> Ledger in
        let ledger = try await DemoLedger.make()
        let now = Timestamp.now()
        try await ledger.store.saveBudget(
            Budget(id: "company-monthly", name: "Company monthly", period: .monthly, amount: Money(usd: "2000")!, createdAt: now))
        try await ledger.store.saveBudget(
            Budget(
                id: "globex", name: "Globex", scope: BudgetScope(["tenant": ["globex"]]), period: .monthly, amount: Money(usd: "150")!,
                createdAt: now))
        let yesterday = Int(Date().timeIntervalSince1970 / 86_400) - 1
        let spikeDay = Int64(yesterday - 9)
        let evaluator = AlertEvaluator(
            store: ledger.store, calendar: .utc, settings: AlertRuleSettings(), logger: Logger(label: "browser-test")
        ) { _ in }
        _ = try await evaluator.evaluate(now: Timestamp(microseconds: (spikeDay * 86_400 + 18 * 3_600 + 300) * 1_000_000))
        let events = try EventDecoder.decodeJSON(
            Array(
                #"{"id": "browser-test-request", "timestamp": "2025-01-15T12:00:00Z", "provider": "openai", "model": "gpt-4o", "input_tokens": 12000, "output_tokens": 800, "cache_read_tokens": 4000, "tenant": "acme-corp", "feature": "support-triage"}"#
                    .utf8), now: now,
            makeID: { "unused" })
        _ = try await ledger.ingest(events)
        _ = try await ledger.ingest(try EventDecoder.decodeJSON(Array(agentRun.utf8), now: now, makeID: { "unused" }))
        return ledger
    }

    /// An agent run yesterday, for the Sessions pages: a plan, three searches and a failed retry
    /// under it, and an answer; one call without a latency.
    static var agentRun: String {
        let day = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400)).prefix(10)
        let calls: [(step: String, parent: String?, model: String, second: Int, latency: Int?, status: String)] = [
            ("plan", nil, "gpt-4o", 0, 2_300, "ok"), ("search", "browser-run-0", "gpt-4o-mini", 3, 900, "ok"),
            ("search", "browser-run-0", "gpt-4o-mini", 4, 1_100, "ok"), ("search", "browser-run-0", "gpt-4o-mini", 6, 700, "error"),
            ("search", "browser-run-0", "gpt-4o-mini", 8, nil, "ok"), ("answer", "browser-run-0", "gpt-4o", 10, 4_800, "ok"),
        ]
        let objects = calls.enumerated().map { index, call in
            let parent = call.parent.map { #", "parent_id": "\#($0)""# } ?? ""
            let latency = call.latency.map { #", "latency_ms": \#($0)"# } ?? ""
            return
                #"{"id": "browser-run-\#(index)", "timestamp": "\#(day)T10:00:\#(String(format: "%02d", call.second))Z", "provider": "openai", "model": "\#(call.model)", "input_tokens": \#(4_000 + index * 1_500), "output_tokens": 600, "tenant": "acme-corp", "feature": "support-triage", "session_id": "browser-test-run", "step": "\#(call.step)", "status": "\#(call.status)"\#(parent)\#(latency)}"#
        }
        return "[" + objects.joined(separator: ", ") + "]"
    }

    static let sizes: [(width: Int, height: Int)] = [(1280, 900), (1440, 900), (390, 844)]

    /// Every response the server sent: path and status.
    final class Recorder: Sendable {
        private let seen = Mutex<[(String, Int)]>([])
        func record(_ path: String, _ status: Int) { seen.withLock { $0.append((path, status)) } }
        var responses: [(path: String, status: Int)] { seen.withLock { $0.map { (path: $0.0, status: $0.1) } } }
    }

    /// Answers through the application's router, records each response's status, and adds the
    /// layout check's script to each HTML page (the pages are written as one buffer).
    struct RecordingResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == BasicRequestContext {
        let base: Base
        let recorder: Recorder

        func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
            do {
                var response = try await base.respond(to: request, context: context)
                recorder.record(request.uri.description, Int(response.status.code))
                if response.headers[.contentType]?.hasPrefix("text/html") == true {
                    let script = #"<script src="\#(LayoutCheck.path)" defer></script></body>"#
                    response.body = response.body.map {
                        ByteBuffer(string: String(buffer: $0).replacingOccurrences(of: "</body>", with: script))
                    }
                }
                return response
            } catch {
                recorder.record(request.uri.description, 500)
                throw error
            }
        }
    }

    static var screenshots: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/dashboard-screenshots")
    }

    static func withLiveDashboard(
        _ body: @escaping @Sendable (_ client: any TestClientProtocol, _ base: String, _ recorder: Recorder) async throws -> Void
    ) async throws {
        let ledger = try await prepared.value
        let router = buildRouter(configuration: AppConfiguration(logLevel: .error), ledger: ledger)
        // A page breaking the content security policy, to show that the browser's complaints are seen.
        router.get("test/broken") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: "script-src 'self'"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<!doctype html><title>broken</title><script>1</script>")))
        }
        router.get("test/layout-check.js") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: LayoutCheck.script)))
        }
        // A page with each kind of layout problem, to show that the layout check finds them.
        router.get("test/crowded") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.crowdedPage)))
        }
        let recorder = Recorder()
        // Quiet, but a real handler: the request log reads the request id from its metadata.
        var quietLogger = Logger(label: "browser-test")
        quietLogger.logLevel = .critical
        let app = Application(
            responder: RecordingResponder(base: router.buildResponder(), recorder: recorder),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: quietLogger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(client, "http://127.0.0.1:\(port)", recorder)
        }
    }

    /// Two chart labels drawn over each other, a table cut off by its box, a table its box has to
    /// scroll sideways to show, and a paragraph wider than any window.
    static let crowdedPage = """
        <!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>crowded</title></head>
        <body><svg viewBox="0 0 200 40" width="200" height="40"><text x="10" y="20">2026-11-23 09:00</text>\
        <text x="40" y="20">2026-11-24 09:00</text></svg>
        <section style="width: 200px; overflow: hidden"><table style="width: 300px"><tr><td>cut off</td></tr></table></section>
        <div style="width: 200px; overflow-x: auto"><table style="width: 300px"><tr><td>to scroll to</td></tr></table></div>
        <p style="width: 2000px">wider than any window</p></body></html>
        """

    @Test(.tags(.browser)) func everyPageLoadsCleanlyAtDesktopAndPhoneSizes() async throws {
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        try await Self.withLiveDashboard { client, base, recorder in
            for page in Self.pages {
                for size in Self.sizes {
                    let file = Self.screenshots.appendingPathComponent("\(page.name)-\(size.width)x\(size.height).png")
                    try? FileManager.default.removeItem(at: file)
                    let (status, log) = try await TestChromium.screenshot(
                        base + page.path, to: file, width: size.width, height: size.height)
                    #expect(status == 0, "chromium exited with \(status) on \(page.path):\n\(log)")
                    let problems = TestChromium.pageProblems(in: LayoutCheck.withoutReports(log))
                    #expect(problems.isEmpty, "\(page.path) at \(size.width)px: \(problems)")
                    let layout = LayoutCheck.report(in: log, width: size.width)
                    #expect(layout.ran, "the layout check did not run on \(page.path) at \(size.width) px")
                    #expect(
                        layout.problems.isEmpty,
                        "\(page.path) at \(size.width) px:\n\(layout.problems.joined(separator: "\n"))")
                    let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
                    #expect((attributes?[.size] as? Int ?? 0) > 10_000, "no screenshot of \(page.path)")
                }
            }
            let dark = Self.screenshots.appendingPathComponent("executive-dark-1280x900.png")
            let (_, darkLog) = try await TestChromium.screenshot(base + "/", to: dark, width: 1280, height: 900, dark: true)
            #expect(TestChromium.pageProblems(in: LayoutCheck.withoutReports(darkLog)).isEmpty)

            let failed = recorder.responses.filter { $0.status >= 400 }
            #expect(failed.isEmpty, "requests that failed: \(failed)")
            // The browser fetched the stylesheet, the script and the icon.
            let fetched = Set(recorder.responses.map { $0.path.split(separator: "?").first.map(String.init) ?? $0.path })
            #expect(fetched.isSuperset(of: ["/assets/app.css", "/assets/app.js"]))
            _ = client
        }
    }

    @Test(.tags(.browser)) func theBrowserCheckSeesAPageThatBreaksTheRules() async throws {
        try await Self.withLiveDashboard { _, base, _ in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-broken-\(UUID().uuidString).png")
            defer { try? FileManager.default.removeItem(at: file) }
            let (_, log) = try await TestChromium.screenshot(base + "/test/broken", to: file, width: 390, height: 844)
            #expect(!TestChromium.pageProblems(in: log).isEmpty)
        }
    }

    @Test(.tags(.browser), arguments: [1280, 390])
    func theLayoutCheckSeesTextOverTextClippedTablesAndAPageTooWide(width: Int) async throws {
        try await Self.withLiveDashboard { _, base, _ in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-crowded-\(UUID().uuidString).png")
            defer { try? FileManager.default.removeItem(at: file) }
            let (_, log) = try await TestChromium.screenshot(base + "/test/crowded", to: file, width: width, height: 844)
            let layout = LayoutCheck.report(in: log, width: width)
            #expect(layout.ran)
            var expected = [
                #"text over text: text "2026-11-23 09:00" and text "2026-11-24 09:00""#, "content cut off: section",
                "page wider than the window",
            ]
            if width >= 1024 { expected.append("scrolls sideways: div") }
            for problem in expected {
                #expect(layout.problems.contains { $0.contains(problem) }, "no \"\(problem)\" in \(layout.problems)")
            }
        }
    }

    @Test func everySameOriginLinkAnswers() async throws {
        try await Self.withLiveDashboard { client, _, _ in
            var queue = Self.pages.map(\.path)
            var seen = Set(queue)
            var checked = 0
            var broken: [String] = []
            while !queue.isEmpty, checked < 300 {
                let path = queue.removeFirst()
                let response = try await client.get(path)
                checked += 1
                guard (200..<400).contains(Int(response.status.code)) else {
                    broken.append("\(path) → \(response.status.code)")
                    continue
                }
                guard response.headers[.contentType]?.hasPrefix("text/html") == true else { continue }
                #expect(response.body.readableBytes < 200 * 1024, "\(path) weighs \(response.body.readableBytes) bytes")
                // Links of the main pages and of the pages they link to.
                let depth = Self.pages.contains { $0.path == path } ? 0 : 1
                let links = PageText(html: response.text).links.map {
                    String($0.split(separator: "#", omittingEmptySubsequences: false)[0])
                }
                for link in links where link.hasPrefix("/") && !link.hasPrefix("//") && !seen.contains(link) {
                    seen.insert(link)
                    if depth == 0 || !link.contains("?") || link.contains("format=csv") { queue.append(link) }
                }
            }
            #expect(broken.isEmpty, "broken links: \(broken)")
            #expect(checked > 40)
        }
    }
}
