import BurnrateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BurnrateServer

/// The Sessions pages show the sessions API's figures, link runs to their calls and back, page,
/// explain how to send runs when there are none, and escape whatever a run is named.
@Suite struct SessionsPageTests {
    static let range = SessionsAPITests.range

    /// A client over `SessionsAPITests.calls`: runs a (three calls, one failed and unpriced),
    /// b (one unpriced call) and c, and a call outside any run. Test prices: gpt-4o at $2.50 and
    /// $10 per million tokens, gpt-4o-mini unpriced.
    static func withRuns(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestServer.withClient { client in
            let ingest = try await client.post("/api/v1/events", SessionsAPITests.calls, contentType: "application/x-ndjson")
            #expect(ingest.json["accepted"] as? Int == 6)
            try await body(client)
        }
    }

    /// Events as the JSON array the events API takes.
    static func json(_ events: [[String: Any]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: events), as: UTF8.self)
    }

    /// The fields of each CSV row after the header (none of these values holds a comma).
    static func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func theSessionsPageShowsTheAPIsFigures() async throws {
        try await Self.withRuns { client in
            let response = try await client.get("/sessions?\(Self.range)")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = PageText(html: response.text)
            #expect(page.html.contains(#"<a href="/sessions" aria-current="page">Sessions</a>"#))
            // a-1 $0.035 and a-2 $0.07 make run a $0.105; c-1 is $0.0105; b-1 is unpriced.
            #expect(page.figure("sessions") == "3")
            #expect(page.figure("sessions_cost") == Money(usd: "0.1155")?.usdString)
            #expect(page.figure("costliest_session") == Money(usd: "0.105")?.usdString)
            let runs = page.block("runs").links.filter { $0.hasPrefix("/sessions/") }
            #expect(runs == ["/sessions/run-a", "/sessions/run-c", "/sessions/run-b"])
            let api = try await client.get("/api/v1/sessions?\(Self.range)").json
            #expect(runs == (api["sessions"] as? [[String: Any]])?.compactMap { ($0["session_id"] as? String).map { "/sessions/\($0)" } })

            // The distribution: agent-workflows has runs a and b, so its median is b's $0.
            let spread = try #require(
                (try await client.get("/api/v1/sessions/distribution?\(Self.range)").json["groups"] as? [[String: Any]]))
            let csv = Self.rows(try await client.get("/sessions?\(Self.range)&format=csv&table=distribution").text)
            let agents = try #require(csv.first { $0.first == "agent-workflows" })
            #expect(agents == ["agent-workflows", "2", "0.105000000", "0.000000000", "0.105000000", "0.105000000", "0.105000000"])
            let group = try #require(spread.first { $0["feature"] as? String == "agent-workflows" })
            #expect(
                Array(agents.dropFirst(2))
                    == ["total_cost_usd", "p50_cost_usd", "p90_cost_usd", "p99_cost_usd", "max_cost_usd"].compactMap {
                        group[$0] as? String
                    })
            #expect(page.block("distribution").html.contains(#"href="/sessions?from="#))

            // The steps: answer (a-2 and the unpriced a-3), plan (a-1 and b-1), then calls naming none.
            let steps = Self.rows(try await client.get("/sessions?\(Self.range)&format=csv&table=steps").text)
            #expect(steps.map { $0[0] } == ["answer", "plan", ""])
            #expect(steps[0] == ["answer", "2", "1", "0.070000000", "0.035000000", "0.070000000"])
            let apiSteps = try #require(try await client.get("/api/v1/sessions/steps?\(Self.range)").json["steps"] as? [[String: Any]])
            #expect(steps.map { $0[3] } == apiSteps.compactMap { $0["cost_usd"] as? String })
            #expect(page.html.contains("Cost per run by day"))
        }
    }

    @Test func runsSortAndPageLikeTheAPI() async throws {
        try await TestServer.withClient { client in
            let events: [[String: Any]] = (0..<30).map { index in
                [
                    "id": "p-\(index)",
                    "timestamp": "2026-11-02T\(String(format: "%02d", index % 24)):\(String(format: "%02d", index)):00Z",
                    "model": "gpt-4o", "input_tokens": 1000 + index * 100, "output_tokens": 10, "session_id": "page-\(index)",
                ]
            }
            #expect(try await client.post("/api/v1/events", try Self.json(events)).json["accepted"] as? Int == 30)
            let first = PageText(html: try await client.get("/sessions?\(Self.range)&sort=calls").text)
            let firstRuns = first.block("runs").links.filter { $0.hasPrefix("/sessions/") }
            #expect(firstRuns.count == SessionsPage.pageSize)
            let next = try #require(first.links.first { $0.contains("offset=25") })
            #expect(next.contains("sort=calls"))
            #expect(first.html.contains(#"<strong aria-current="true">calls</strong>"#))
            let second = PageText(html: try await client.get(next).text)
            let secondRuns = second.block("runs").links.filter { $0.hasPrefix("/sessions/") }
            let api = try await client.get("/api/v1/sessions?\(Self.range)&sort=calls&limit=25&offset=25").json
            #expect(
                secondRuns == (api["sessions"] as? [[String: Any]])?.compactMap { ($0["session_id"] as? String).map { "/sessions/\($0)" } })
            #expect(secondRuns.count == 5)
            #expect(second.html.contains(#"rel="prev""#))
            #expect(!second.html.contains(#"rel="next""#))
            // By cost: the run with the most input tokens first.
            let byCost = PageText(html: try await client.get("/sessions?\(Self.range)").text)
            #expect(byCost.block("runs").links.first { $0.hasPrefix("/sessions/") } == "/sessions/page-29")
        }
    }

    @Test func aRunsPageShowsItsTimelineStepsAndAttribution() async throws {
        try await Self.withRuns { client in
            let response = try await client.get("/sessions/run-a")
            #expect(response.status == .ok)
            let page = PageText(html: response.text)
            let api = try await client.get("/api/v1/sessions/run-a").json
            #expect(page.figure("cost") == "0.105000000")
            #expect(page.figure("cost") == api[path: "session.cost_usd"] as? String)
            #expect(page.figure("calls") == "3")
            #expect(page.figure("duration_seconds") == "60.0")
            #expect(page.html.contains("1 failed, 1 unpriced"))
            // The waterfall: each call at its offset, linking to its request, with the running total.
            let timeline = page.block("timeline-heading")
            #expect(timeline.links.filter { $0.hasPrefix("/requests/") } == ["/requests/a-1", "/requests/a-2", "/requests/a-3"])
            #expect(timeline.all(#">(\+[0-9.]+).s<"#) == ["+0.000", "+30.000", "+60.000"])
            #expect(
                timeline.all(#"<td class="num">(\$[0-9.]+|unpriced)</td>"#) == [
                    "$0.0350", "$0.0350", "$0.0700", "$0.1050", "unpriced", "$0.1050",
                ])
            #expect(timeline.html.contains(#"<span class="status exceeded">error</span>"#))
            #expect(timeline.html.components(separatedBy: #"<svg class="span""#).count == 4)
            // The step tree: plan, and the two answers beneath it.
            let tree = page.block("steps-heading")
            #expect(tree.all(#"class="depth-([0-9])""#) == ["0", "1", "1"])
            #expect(
                tree.first(
                    #"class="depth-0">plan</th><td><a[^>]*>call<span[^>]*> a-1</span></a></td><td class="num">3</td><td class="num">(\$[0-9.]+)<"#
                ) == "$0.1050")
            #expect(page.links.contains("/costs?tenant=acme"))
            #expect(page.links.contains("/sessions?feature=agent-workflows"))
            #expect(!page.html.contains(#"id="truncated""#))
        }
    }

    @Test func theRequestPageLinksToItsRunAndTheCostsPageToTheSessions() async throws {
        try await Self.withRuns { client in
            let request = PageText(html: try await client.get("/requests/a-2").text)
            #expect(request.links.contains("/sessions/run-a"))
            #expect(request.html.contains("<dt>Step</dt><dd><code>answer</code></dd>"))
            #expect(request.html.contains("<dt>Parent</dt><dd><code>a-1</code></dd>"))
            let first = PageText(html: try await client.get("/requests/a-1").text)
            #expect(first.html.contains("<dt>Trace</dt><dd><code>4bf92f3577b34da6a3ce929d0e0e4736</code></dd>"))
            let loose = try await client.get("/requests/loose").text
            #expect(!loose.contains(#"id="run-heading""#))
            let costs = PageText(html: try await client.get("/costs?period=7d&tenant=acme").text)
            #expect(costs.links.contains("/sessions?period=7d&tenant=acme"))
        }
    }

    /// Session ids and step names as hostile as the events API lets them be.
    static let hostile = [
        "<script>alert(1)</script>", #"run "quoted" & 'single' <b>bold</b>"#, String(repeating: "Ω", count: 256),
        "运行-🔥-é\u{301}-\u{202E}reversed", "a/b?c=d#e", "%2F..%2Fetc",
    ]

    @Test(arguments: hostile)
    func hostileIdsAndStepsAreEscapedEverywhere(id: String) async throws {
        try await TestServer.withClient { client in
            let step = "<img src=x onerror=alert(1)> \"step\" ✓"
            let events: [[String: Any]] = [
                [
                    "id": "h-1", "timestamp": "2026-11-02T10:00:00Z", "model": "gpt-4o", "input_tokens": 100, "output_tokens": 10,
                    "session_id": id, "step": step, "feature": "<i>feature</i>", "latency_ms": 1200,
                ],
                [
                    "id": "h-2", "timestamp": "2026-11-02T10:00:01Z", "model": "gpt-4o", "input_tokens": 100, "output_tokens": 10,
                    "session_id": id, "step": step, "parent_id": "</code><script>x</script>",
                ],
            ]
            #expect(try await client.post("/api/v1/events", try Self.json(events)).json["accepted"] as? Int == 2)
            let list = try await client.get("/sessions?\(Self.range)")
            #expect(list.status == .ok)
            for raw in ["<script>", "<img", "<b>", "<i>", #""quoted""#] { #expect(!list.text.contains(raw), "\(raw)") }
            let link = try #require(PageText(html: list.text).block("runs").links.first { $0.hasPrefix("/sessions/") })
            #expect(link == SessionPage.path(id))
            #expect(!link.dropFirst("/sessions/".count).contains("/"))
            let run = try await client.get(link)
            #expect(run.status == .ok, "\(link)")
            #expect(run.text.contains(HTML.escape(id)))
            #expect(run.text.contains("&lt;img src=x onerror=alert(1)"))
            for raw in ["<script>", "<img", "<b>", "<i>", #""quoted""#, #""step""#] { #expect(!run.text.contains(raw), "\(raw)") }
            let request = try await client.get("/requests/h-2")
            #expect(PageText(html: request.text).links.contains(link))
            #expect(!request.text.contains("<script>"))
            #expect(request.text.contains("&lt;/code&gt;&lt;script&gt;x&lt;/script&gt;"))
        }
    }

    @Test func anUnknownRunIsTheErrorPageWith404() async throws {
        try await Self.withRuns { client in
            let response = try await client.get("/sessions/no-such-run")
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains(#"role="alert""#))
            #expect(response.text.contains("Unknown session"))
            let hostile = try await client.get("/sessions/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(hostile.status == .notFound)
            #expect(!hostile.text.contains("<script>alert"))
        }
    }

    @Test func withoutRunsThePageSaysHowToSendThem() async throws {
        try await TestServer.withClient { client in
            let empty = try await client.get("/sessions")
            #expect(empty.status == .ok)
            for hint in ["session_id", "X-Burnrate-Session", "traceparent", "gen_ai.conversation.id"] {
                #expect(empty.text.contains(hint), "\(hint)")
            }
            #expect(empty.text.contains(#"id="no-sessions""#))
        }
        try await Self.withRuns { client in
            let filtered = try await client.get("/sessions?\(Self.range)&tenant=nobody")
            #expect(filtered.text.contains("remove a filter"))
        }
    }

    @Test(arguments: ["/sessions?sort=price", "/sessions?offset=-1", "/sessions?offset=100001", "/sessions?format=csv&table=nope"])
    func aBadParameterExplainsItselfInHTML(uri: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest, "\(uri)")
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains(#"role="alert""#))
        }
    }

    @Test func aLongRunIsCutAndSaysSo() async throws {
        try await TestServer.withClient { client in
            let total = SessionPage.callLimit + 5
            for batch in stride(from: 0, to: total, by: 500) {
                let events: [[String: Any]] = (batch..<min(total, batch + 500)).map { index in
                    [
                        "id": String(format: "long-%05d", index), "timestamp": "2026-11-02T10:00:00Z", "model": "gpt-4o",
                        "input_tokens": 10, "output_tokens": 1, "session_id": "long-run", "step": "loop",
                    ]
                }
                _ = try await client.post("/api/v1/events", try Self.json(events))
            }
            let response = try await client.get("/sessions/long-run")
            #expect(response.status == .ok)
            let page = PageText(html: response.text)
            #expect(page.figure("calls") == String(total))
            #expect(page.html.contains(#"id="truncated""#))
            #expect(response.text.utf8.count < DashboardPageTests.pageBudget)
            #expect(page.block("timeline-heading").links.filter { $0.hasPrefix("/requests/") }.count == SessionPage.callLimit)
        }
    }
}
