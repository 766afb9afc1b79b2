import BurnrateTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The calls `ResponseConformanceTests` checks: reads, writes with valid bodies, and refusals.
extension ResponseConformanceTests {
    /// The month before this one, `YYYY-MM` in UTC: whole and inside the demo's history.
    static var lastMonth: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .month, value: -1, to: Date())!
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }

    /// Every documented GET that needs no upstream, in its main variants, ids from earlier answers.
    static func callReads(_ recorder: inout ExchangeRecorder) async throws {
        for path in ["/healthz", "/readyz", "/metrics"] { try await recorder.call(.get, path) }
        let events = try await recorder.call(.get, "/api/v1/events", "/api/v1/events?limit=5").json
        let eventID = try #require((events["events"] as? [[String: Any]])?.first?["id"] as? String)
        try await recorder.call(.get, "/api/v1/events/{id}", "/api/v1/events/\(eventID)")
        let month = lastMonth
        let reads: [(path: String, uris: [String])] = [
            (
                "/api/v1/summary",
                ["/api/v1/summary", "/api/v1/summary?from=\(month)-01&team=search", "/api/v1/summary?provider=openai&status=ok"]
            ),
            (
                "/api/v1/breakdown",
                ["/api/v1/breakdown?by=team", "/api/v1/breakdown?by=model,tenant&limit=3", "/api/v1/breakdown?by=category"]
            ),
            ("/api/v1/timeseries", ["/api/v1/timeseries", "/api/v1/timeseries?interval=hour&from=\(month)-01&to=\(month)-03&by=provider"]),
            ("/api/v1/top", ["/api/v1/top?by=feature", "/api/v1/top?by=user&limit=2"]),
            ("/api/v1/whatif", ["/api/v1/whatif?target=gpt-4o-mini", "/api/v1/whatif?model=gpt-4o&target=claude-haiku-4-5&by=feature"]),
            ("/api/v1/forecast", ["/api/v1/forecast", "/api/v1/forecast?horizon=6m&by=team"]),
            (
                "/api/v1/reports/{period}",
                ["/api/v1/reports/\(month)", "/api/v1/reports/\(month)?format=md", "/api/v1/reports/\(month)?format=csv"]
            ),
            (
                "/api/v1/reports/chargeback",
                ["/api/v1/reports/chargeback", "/api/v1/reports/chargeback?month=\(month)&by=team&format=csv"]
            ),
            ("/api/v1/costs", ["/api/v1/costs", "/api/v1/costs?from=\(month)-01"]),
            ("/api/v1/gpu-rates", ["/api/v1/gpu-rates"]),
            ("/api/v1/export/focus", ["/api/v1/export/focus?from=\(month)-01"]),
            ("/api/v1/export/events", ["/api/v1/export/events?from=\(month)-01&to=\(month)-02"]),
            ("/api/v1/reconciliation", ["/api/v1/reconciliation"]),
            ("/api/v1/prices", ["/api/v1/prices", "/api/v1/prices?q=claude"]),
            ("/api/v1/prices/{model}", ["/api/v1/prices/gpt-4o", "/api/v1/prices/claude-haiku-4-5"]),
            ("/api/v1/budgets/status", ["/api/v1/budgets/status"]),
            ("/api/v1/alerts/rules", ["/api/v1/alerts/rules"]),
            ("/api/v1/notifications", ["/api/v1/notifications"]),
            ("/api/v1/roi", ["/api/v1/roi", "/api/v1/roi?scenario=optimistic&months=12"]),
            ("/api/v1/savings", ["/api/v1/savings", "/api/v1/savings?baseline=gpt-4o&by=feature"]),
            ("/api/v1/recommendations", ["/api/v1/recommendations"]),
            ("/api/v1/self-hosted", ["/api/v1/self-hosted"]),
            ("/", ["/", "/?format=csv&table=categories"]),
            ("/costs", ["/costs", "/costs?period=last-month"]),
            ("/sessions", ["/sessions", "/sessions?period=7d&sort=calls&offset=25"]),
            ("/operations", ["/operations"]),
            ("/budgets", ["/budgets"]),
            ("/prices/new", ["/prices/new"]),
            ("/roi", ["/roi"]),
            ("/login", ["/login"]),
            ("/assets/app.css", ["/assets/app.css"]),
            ("/assets/app.js", ["/assets/app.js"]),
            ("/assets/icon.svg", ["/assets/icon.svg"]),
        ]
        for (path, uris) in reads {
            for uri in uris { try await recorder.call(.get, path, uri) }
        }
        try await recorder.call(.get, "/requests/{id}", "/requests/\(eventID)")
        let budgets = try await recorder.call(.get, "/api/v1/budgets").json
        let budgetID = try #require((budgets["budgets"] as? [[String: Any]])?.first?["id"] as? String)
        try await recorder.call(.get, "/api/v1/budgets/{id}", "/api/v1/budgets/\(budgetID)")
        let alerts = try await recorder.call(.get, "/api/v1/alerts", "/api/v1/alerts?limit=20").json
        let alertID = try #require((alerts["alerts"] as? [[String: Any]])?.first?["id"] as? String)
        try await recorder.call(.get, "/api/v1/alerts/{id}", "/api/v1/alerts/\(alertID)")
        try await recorder.call(.get, "/api/v1/alerts", "/api/v1/alerts?state=resolved")
    }

    /// The main writes, each with a valid body, and what they created read back, on an empty ledger.
    static func callWrites(_ recorder: inout ExchangeRecorder) async throws {
        let now = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
        let events = """
            [{"id": "conformance-1", "timestamp": "\(now)", "provider": "openai", "model": "gpt-4o", "input_tokens": 1200,
              "output_tokens": 300, "cache_read_tokens": 200, "tenant": "acme", "feature": "chat", "tags": {"run": "a"}},
             {"id": "conformance-2", "timestamp": "\(now)", "provider": "acme", "model": "unpriced-model", "input_tokens": 10,
              "output_tokens": 5}]
            """
        try await recorder.call(.post, "/api/v1/events", body: events)
        try await recorder.call(.post, "/api/v1/events", body: events)  // a retry: both duplicates
        let line = #"{"id": "conformance-3", "timestamp": "\#(now)", "provider": "openai", "model": "gpt-4o", "input_tokens": 1}"#
        try await recorder.call(.post, "/api/v1/events", body: line + "\n", contentType: "application/x-ndjson")
        try await recorder.call(.get, "/api/v1/events/{id}", "/api/v1/events/conformance-2")
        let spans = String(decoding: try OTLPFixtures.json(OTLPFixtures.openLLMetryOpenAI), as: UTF8.self)
        try await recorder.call(.post, "/v1/traces", body: spans)

        try await recorder.call(.post, "/api/v1/costs", body: CostsAPITests.monitoring, expecting: .created)
        try await recorder.call(.delete, "/api/v1/costs/{id}", "/api/v1/costs/datadog", expecting: .noContent)
        try await recorder.call(.post, "/api/v1/costs/import", body: CostFixtures.awsFOCUS, contentType: "text/csv", expecting: .created)
        let outcomes = """
            [{"id": "conformance-outcome", "session_id": "s1", "type": "ticket_resolved", "success": true, "value_usd": "12.00"},
             {"session_id": "s2", "type": "ticket_resolved", "success": false, "timestamp": "\(now)"}]
            """
        try await recorder.call(.post, "/api/v1/outcomes", body: outcomes, expecting: .created)
        let retry =
            #"{"outcomes": [{"id": "conformance-outcome", "session_id": "s1", "type": "ticket_resolved", "success": true, "value_usd": "12.00"}]}"#
        try await recorder.call(.post, "/api/v1/outcomes", body: retry)
        try await recorder.call(.get, "/api/v1/outcomes", "/api/v1/outcomes?limit=1")
        try await recorder.call(.get, "/api/v1/outcomes", "/api/v1/outcomes?success=false&type=ticket_resolved&session_id=s2")
        let charges = try await recorder.call(
            .post, "/api/v1/reconciliation/charges", body: ReconciliationAPITests.bill, contentType: "text/csv"
        ).json
        let importID = try #require(charges["import_id"] as? String)
        try await recorder.call(.get, "/api/v1/reconciliation", "/api/v1/reconciliation?from=2026-11-01&to=2026-11-03")
        try await recorder.call(.delete, "/api/v1/reconciliation/charges/{import_id}", "/api/v1/reconciliation/charges/\(importID)")

        let imports = "/api/v1/prices/import?format=litellm&effective_from=2026-11-01"
        try await recorder.call(.post, "/api/v1/prices/import", imports + "&dry_run=true", body: PricesAPITests.litellmMap)
        try await recorder.call(.post, "/api/v1/prices/import", imports, body: PricesAPITests.litellmMap)
        let price = #"{"provider": "acme", "input": "0.20", "output": "0.60", "effective_from": "2026-01-01"}"#
        try await recorder.call(.put, "/api/v1/prices/{model}", "/api/v1/prices/unpriced-model", body: price)
        try await recorder.call(.post, "/api/v1/reprice", body: "{}")
        try await recorder.call(.get, "/api/v1/reprice/history")

        // Spent at once: evaluation raises its threshold alerts.
        let budget = """
            {"id": "conformance", "name": "Conformance", "scope": {"tenant": "acme"}, "period": "monthly", "amount_usd": "0.001"}
            """
        try await recorder.call(.post, "/api/v1/budgets", body: budget, expecting: .created)
        try await recorder.call(.get, "/api/v1/budgets/status")
        try await recorder.call(.post, "/api/v1/alerts/evaluate", body: "")
        let alerts = try await recorder.call(.get, "/api/v1/alerts", "/api/v1/alerts?state=firing").json
        let alertID = try #require((alerts["alerts"] as? [[String: Any]])?.first?["id"] as? String)
        try await recorder.call(.post, "/api/v1/alerts/{id}/acknowledge", "/api/v1/alerts/\(alertID)/acknowledge", body: #"{"by": "ops"}"#)
        try await recorder.call(.get, "/api/v1/alerts/{id}", "/api/v1/alerts/\(alertID)")
        try await recorder.call(.get, "/api/v1/notifications")
        let changed = #"{"name": "Conformance", "period": "daily", "amount_usd": 5, "thresholds": [50, 90], "enforce": "soft"}"#
        try await recorder.call(.put, "/api/v1/budgets/{id}", "/api/v1/budgets/conformance", body: changed)
        try await recorder.call(.get, "/api/v1/budgets/{id}", "/api/v1/budgets/conformance")
        try await recorder.call(.delete, "/api/v1/budgets/{id}", "/api/v1/budgets/conformance", expecting: .noContent)

        let scenarios = """
            {"investments": [{"name": "GPU server", "one_off_usd": 60000}, {"name": "Operations", "monthly_usd": 1000}],
             "monthly_savings_usd": 26000, "growth": 0.02, "months": 24, "discount_rate": 0.1}
            """
        try await recorder.call(.post, "/api/v1/roi/scenarios", body: scenarios)
        let business = """
            {"name": "Support bot", "units_per_month": 1000000, "input_tokens_per_unit": 1000, "output_tokens_per_unit": 500,
             "api": {"model": "gpt-4o"}, "self_hosted": {"owned": {"purchase_usd": 30000, "amortization_months": 30}}}
            """
        try await recorder.call(.post, "/api/v1/roi/scenarios", body: business)
    }

    /// Requests the server refuses, for the documented problem responses.
    static func callRefusals(_ recorder: inout ExchangeRecorder) async throws {
        try await recorder.call(.get, "/api/v1/events/{id}", "/api/v1/events/no-such-event", expecting: .notFound)
        try await recorder.call(.get, "/api/v1/budgets/{id}", "/api/v1/budgets/no-such-budget", expecting: .notFound)
        try await recorder.call(.get, "/api/v1/alerts/{id}", "/api/v1/alerts/no-such-alert", expecting: .notFound)
        try await recorder.call(.get, "/api/v1/prices/{model}", "/api/v1/prices/no-such-model", expecting: .notFound)
        try await recorder.call(.get, "/api/v1/breakdown", expecting: .badRequest)
        try await recorder.call(.get, "/api/v1/summary", "/api/v1/summary?from=yesterday", expecting: .badRequest)
        try await recorder.call(.get, "/api/v1/whatif", "/api/v1/whatif?target=no-such-model", expecting: .unprocessableContent)
        let invalid = #"[{"id": "bad", "provider": "openai", "model": "gpt-4o", "input_tokens": -1}]"#
        try await recorder.call(.post, "/api/v1/events", body: invalid, expecting: .badRequest)
        let budget = #"{"id": "conformance-twice", "name": "Twice", "period": "monthly", "amount_usd": "1"}"#
        try await recorder.call(.post, "/api/v1/budgets", body: budget, expecting: .created)
        try await recorder.call(.post, "/api/v1/budgets", body: budget, expecting: .conflict)
        let changed = #"{"id": "conformance-outcome", "session_id": "s1", "type": "ticket_resolved", "success": false}"#
        try await recorder.call(.post, "/api/v1/outcomes", body: changed, expecting: .conflict)
        try await recorder.call(
            .post, "/api/v1/outcomes", body: #"{"session_id": "s", "type": "t", "success": true, "value_usd": "1e309"}"#,
            expecting: .badRequest)
        try await recorder.call(.post, "/v1/traces", body: "spans", contentType: "text/plain", expecting: .unsupportedMediaType)
        try await recorder.call(.get, "/requests/{id}", "/requests/no-such-event", expecting: .notFound)
        try await recorder.call(.get, "/sessions/{id}", "/sessions/no-such-run", expecting: .notFound)
    }
}
