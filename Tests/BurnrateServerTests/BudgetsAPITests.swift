import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct BudgetsAPITests {
    /// `count` gpt-4o requests of 100,000 input tokens ($0.25 each) a minute ago (today, UTC).
    func ledger(requests count: Int) async throws -> Ledger {
        let ledger = try await TestServer.ledger()
        let now = Timestamp.now()
        let at = max(now.adding(seconds: -60), ReportingCalendar.utc.start(of: .day, containing: now))
        _ = try await ledger.ingest(
            (0..<count).map { index in
                UsageEvent(
                    id: "b-\(index)", timestamp: at, provider: "openai", model: "gpt-4o", usage: TokenUsage(inputTokens: 100_000),
                    attribution: Attribution(tenant: index % 2 == 0 ? "acme" : "globex"))
            })
        return ledger
    }

    /// The state of a daily budget now, as the core computes it.
    static func expectedState(spent: Decimal, amount: Decimal, thresholds: [Int]) -> String {
        let now = Timestamp.now()
        let budget = Budget(
            id: "b", name: "b", period: .daily, amount: Money(nanos: Int64(truncating: (amount * 1_000_000_000) as NSNumber)),
            thresholds: thresholds, createdAt: now)
        return BudgetStatus(
            budget: budget, period: ReportingCalendar.utc.range(of: .daily, containing: now),
            spent: Money(nanos: Int64(truncating: (spent * 1_000_000_000) as NSNumber)), now: now
        ).state.rawValue
    }

    @Test func createReadReplaceAndDeleteABudget() async throws {
        try await TestServer.withClient(ledger: try await ledger(requests: 8)) { client in
            let created = try await client.post(
                "/api/v1/budgets",
                #"{"name": "Acme daily", "scope": {"tenant": "acme"}, "period": "daily", "amount_usd": "2.00"}"#)
            #expect(created.status == .created)
            #expect(created.json["id"] as? String == "acme-daily")
            #expect(created.json[path: "status.spent_usd"] as? String == "1.000000000")
            #expect(created.json[path: "status.used_percent"] as? Double == 50)
            #expect(created.json[path: "status.crossed_thresholds"] as? [Int] == [50])
            // Whether $1.00 spent projects past the amount depends on the hour the test runs.
            #expect(created.json[path: "status.status"] as? String == Self.expectedState(spent: 1, amount: 2, thresholds: [50, 80, 100]))
            let again = try await client.post(
                "/api/v1/budgets", #"{"id": "acme-daily", "name": "Acme daily", "period": "daily", "amount_usd": "2"}"#)
            #expect(again.status == .conflict)
            let replaced = try await client.put(
                "/api/v1/budgets/acme-daily",
                #"{"name": "Acme daily", "scope": {"tenant": ["acme"]}, "period": "daily", "amount_usd": "1.25", "thresholds": [80, 100]}"#)
            #expect(replaced.status == .ok)
            #expect(
                replaced.json[path: "status.status"] as? String == Self.expectedState(spent: 1, amount: 1.25, thresholds: [80, 100]))
            #expect(replaced.json[path: "status.crossed_thresholds"] as? [Int] == [80])
            let list = try await client.get("/api/v1/budgets")
            #expect(list.json["count"] as? Int == 1)
            let deleted = try await client.execute(uri: "/api/v1/budgets/acme-daily", method: .delete)
            #expect(deleted.status == .noContent)
            let missing = try await client.get("/api/v1/budgets/acme-daily")
            #expect(missing.status == .notFound)
        }
    }

    @Test func statusSaysExceededAtExactlyTheAmountAndCountsOnlyTheScope() async throws {
        try await TestServer.withClient(ledger: try await ledger(requests: 8)) { client in
            _ = try await client.post(
                "/api/v1/budgets", #"{"id": "all", "name": "Everything", "period": "monthly", "amount_usd": "2"}"#)
            _ = try await client.post(
                "/api/v1/budgets",
                #"{"id": "globex", "name": "Globex", "scope": {"tenant": "globex"}, "period": "weekly", "amount_usd": "100"}"#)
            let response = try await client.get("/api/v1/budgets/status")
            let budgets = try #require(response.json["budgets"] as? [[String: Any]])
            let all = try #require(budgets.first { $0["budget_id"] as? String == "all" })
            #expect(all["status"] as? String == "exceeded")
            #expect(all["spent_usd"] as? String == "2.000000000")
            #expect(all["remaining_usd"] as? String == "0.000000000")
            #expect(all["crossed_thresholds"] as? [Int] == [50, 80, 100])
            let globex = try #require(budgets.first { $0["budget_id"] as? String == "globex" })
            #expect(globex["spent_usd"] as? String == "1.000000000")
            #expect(globex["status"] as? String == "ok")
            #expect(response.json[path: "counts.exceeded"] as? Int == 1)
        }
    }

    @Test func aBadBudgetNamesEveryBadField() async throws {
        try await TestServer.withClient { client in
            let response = try await client.post(
                "/api/v1/budgets",
                #"{"name": "x", "scope": {"colour": "red", "category": "gpus"}, "period": "yearly", "amount_usd": "-1", "extra": 1}"#)
            #expect(response.status == .badRequest)
            let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields.contains("period"))
            #expect(fields.contains("amount_usd"))
            #expect(fields.contains("extra"))
        }
    }

    @Test func aFractionOfADollarIsADecimalStringInTheAPIAndMayBeANumberInTheConfigFile() async throws {
        try await TestServer.withClient { client in
            let number = try await client.post("/api/v1/budgets", #"{"name": "x", "period": "monthly", "amount_usd": 1500.50}"#)
            #expect(number.status == .badRequest)
            let messages = (number.json["errors"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
            #expect(messages.count == 1 && messages[0].contains(#""1500.50""#), "\(messages)")
            let string = try await client.post("/api/v1/budgets", #"{"name": "x", "period": "monthly", "amount_usd": "1500.50"}"#)
            #expect(string.status == .created)
            let whole = try await client.post("/api/v1/budgets", #"{"name": "y", "period": "monthly", "amount_usd": 1500.0}"#)
            #expect(whole.status == .created)
        }
        let file = try ConfigFile.parse("budgets: [{name: x, period: monthly, amount_usd: 1500.50}]")
        #expect(file.budgets.map(\.amount) == [Money(usd: "1500.5")!])
    }

    @Test func aBudgetScopeMustUseKnownFilters() async throws {
        try await TestServer.withClient { client in
            let response = try await client.post(
                "/api/v1/budgets", #"{"name": "x", "scope": {"colour": "red", "category": "gpus"}, "period": "monthly", "amount_usd": "5"}"#
            )
            #expect(response.status == .badRequest)
            let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields == ["scope.category", "scope.colour"])
        }
    }

    @Test func budgetsFromTheConfigFileAreReadOnlyThroughTheAPI() async throws {
        let ledger = try await TestServer.ledger()
        try await ledger.store.saveBudget(
            Budget(id: "from-file", name: "From file", period: .monthly, amount: Money(dollars: 10), source: .config, createdAt: .now()))
        try await TestServer.withClient(ledger: ledger) { client in
            let put = try await client.put("/api/v1/budgets/from-file", #"{"name": "x", "period": "monthly", "amount_usd": "1"}"#)
            #expect(put.status == .conflict)
            #expect((put.json["detail"] as? String)?.contains("config file") == true)
            let delete = try await client.execute(uri: "/api/v1/budgets/from-file", method: .delete)
            #expect(delete.status == .conflict)
        }
    }
}
