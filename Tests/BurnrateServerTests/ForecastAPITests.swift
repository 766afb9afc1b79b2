import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// `GET /api/v1/forecast` over 100 days of (lighter) demo traffic ending Wednesday 2026-12-02.
@Suite struct ForecastAPITests {
    /// 2026-12-02, days since 1970-01-01.
    static let lastDay = 20_789
    static let end = "to=2026-12-03"

    /// The demo ledger, seeded once and shared: the tests only read it.
    static let demo = Task { try await ledger(days: 100) }

    static func ledger(days: Int) async throws -> Ledger {
        let ledger = try await Ledger(store: try SQLiteLedgerStore.inMemory(), builtin: try BuiltinCatalog.entries())
        let dayNumbers = Array((lastDay - days + 1)...lastDay)
        let generator = DemoGenerator(seed: 42, baseDailyRequests: 120, spikeDay: dayNumbers[dayNumbers.count - 10])
        for day in dayNumbers { _ = try await ledger.ingest(generator.events(forDay: day)) }
        return ledger
    }

    static func withDemo(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestServer.withClient(ledger: try await demo.value, body)
    }

    static func months(_ json: [String: Any]) -> [[String: Any]] { json["months"] as? [[String: Any]] ?? [] }
    static func usd(_ value: Any?) -> Double { Double(value as? String ?? "") ?? .nan }

    @Test func theForecastHasMonthsAProjectionAndABacktest() async throws {
        try await Self.withDemo { client in
            let response = try await client.get("/api/v1/forecast?\(Self.end)")
            #expect(response.status == .ok)
            let json = response.json
            #expect(json["confidence"] as? String == "normal")
            #expect(json["horizon_months"] as? Int == 3)
            #expect(json["forecast_from"] as? String == "2026-12-03T00:00:00Z")
            #expect((json["method"] as? String)?.contains("day-of-week") == true)
            #expect(json[path: "history.days"] as? Int == 90)
            #expect(json[path: "history.to"] as? String == "2026-12-02")
            #expect(json[path: "growth.used"] as? String == "fitted")
            let months = Self.months(json)
            #expect(months.map { $0["month"] as? String } == ["2026-11", "2026-12", "2027-01", "2027-02"])
            #expect(months.map { $0["kind"] as? String } == ["actual", "partial", "forecast", "forecast"])
            #expect(months[1]["observed_days"] as? Int == 2 && months[1]["forecast_days"] as? Int == 29)

            // Actuals agree with the summary to the nano-dollar.
            let november = try await client.get("/api/v1/summary?from=2026-11-01&to=2026-12-01").json
            #expect(months[0]["cost_usd"] as? String == november["cost_usd"] as? String)
            #expect(months[0]["requests"] as? Int == november["requests"] as? Int)
            let december = try await client.get("/api/v1/summary?from=2026-12-01&to=2026-12-03").json
            #expect(months[1]["actual_usd"] as? String == december["cost_usd"] as? String)
            #expect(json[path: "period_end.actual_to_date_usd"] as? String == december["cost_usd"] as? String)
            #expect(json[path: "period_end.remaining_days"] as? Int == 29)
            #expect(Self.usd(json[path: "period_end.projected_usd"]) > Self.usd(december["cost_usd"]))

            for month in months.dropFirst() {
                let bounds = ["low_95_usd", "low_80_usd", "cost_usd", "high_80_usd", "high_95_usd"].map { Self.usd(month[$0]) }
                #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "\(bounds)")
                #expect((month["requests"] as? Int ?? 0) > 0 && (month["tokens"] as? Int ?? 0) > 0)
                let nanos = try #require(month["cost_nanos"] as? Int)
                #expect(String(format: "%.9f", Double(nanos) / 1e9) == month["cost_usd"] as? String)
            }
            // The width of the 80% interval relative to the forecast grows month by month.
            let widths = months.dropFirst(2).map { (Self.usd($0["high_80_usd"]) - Self.usd($0["low_80_usd"])) / Self.usd($0["cost_usd"]) }
            #expect(zip(widths, widths.dropFirst()).allSatisfy { $0 < $1 }, "\(widths)")

            #expect(json[path: "backtest.available"] as? Bool == true)
            #expect(json[path: "backtest.held_out_weeks"] as? Int == 4)
            #expect(json[path: "backtest.held_out_from"] as? String == "2026-11-05")
            #expect(json[path: "backtest.daily_mape_percent"] is NSNumber)
            #expect(json[path: "backtest.total_error_percent"] is NSNumber)
            // The demo's runaway-agent afternoon (2026-11-23) falls in the held-out weeks.
            #expect(json[path: "backtest.outlier_days"] as? [String] == ["2026-11-23"])
            #expect(json[path: "backtest.total_error_percent_excluding_outliers"] is NSNumber)
        }
    }

    @Test func horizonAndGrowthShapeTheForecast() async throws {
        try await Self.withDemo { client in
            let year = try await client.get("/api/v1/forecast?\(Self.end)&horizon=12m").json
            #expect(Self.months(year).count == 13)
            #expect(Self.months(year).last?["month"] as? String == "2027-11")
            let one = try await client.get("/api/v1/forecast?\(Self.end)&horizon=1").json
            #expect(Self.months(one).count == 2)

            let flat = try await client.get("/api/v1/forecast?\(Self.end)&growth=0").json
            let fast = try await client.get("/api/v1/forecast?\(Self.end)&growth=0.2").json
            #expect(fast[path: "growth.used"] as? String == "assumed")
            #expect((fast[path: "growth.assumed_monthly"] as? NSNumber)?.doubleValue == 0.2)
            // Same history, so the same actual; months ahead grow with the assumption.
            #expect(Self.months(flat)[1]["actual_usd"] as? String == Self.months(fast)[1]["actual_usd"] as? String)
            let flatFebruary = Self.usd(Self.months(flat)[3]["cost_usd"])
            let fastFebruary = Self.usd(Self.months(fast)[3]["cost_usd"])
            #expect(fastFebruary > flatFebruary * 1.3)
            #expect((fast["method"] as? String)?.contains("+20.0% a month") == true)

            let short = try await client.get("/api/v1/forecast?\(Self.end)&history=28").json
            #expect(short[path: "history.days"] as? Int == 28)
            #expect(short["confidence"] as? String == "low")
            #expect(short[path: "backtest.available"] as? Bool == false)
        }
    }

    @Test func filtersAndGroupsAddUp() async throws {
        try await Self.withDemo { client in
            let total = try await client.get("/api/v1/forecast?\(Self.end)").json
            let filtered = try await client.get("/api/v1/forecast?\(Self.end)&tenant=globex").json
            let summary = try await client.get("/api/v1/summary?from=2026-11-01&to=2026-12-01&tenant=globex").json
            #expect(Self.months(filtered)[0]["cost_usd"] as? String == summary["cost_usd"] as? String)
            #expect(Self.usd(Self.months(filtered)[2]["cost_usd"]) < Self.usd(Self.months(total)[2]["cost_usd"]))

            let grouped = try await client.get("/api/v1/forecast?\(Self.end)&by=tenant&limit=2").json
            #expect(grouped["by"] as? String == "tenant")
            let groups = try #require(grouped["groups"] as? [[String: Any]])
            #expect(groups.count == 3)
            #expect(groups.last?["key"] as? String == "other")
            let novemberNanos = groups.compactMap { Self.months($0).first?["cost_nanos"] as? Int }.reduce(0, +)
            #expect(novemberNanos == Self.months(total)[0]["cost_nanos"] as? Int)
            #expect(groups.allSatisfy { $0["backtest"] != nil && $0["method"] == nil })
        }
    }

    @Test(arguments: [
        ("horizon=13m", "horizon"), ("horizon=0m", "horizon"), ("horizon=soon", "horizon"), ("growth=-1", "growth"),
        ("growth=ten", "growth"), ("history=7", "history"), ("history=60&from=2026-10-01", "history"), ("limit=0", "limit"),
        ("by=colour", "by"), ("surprise=1", "surprise"),
    ])
    func badParametersAreRejectedByName(query: String, field: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.get("/api/v1/forecast?\(query)")
            #expect(response.status == .badRequest)
            let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields.contains(field), "\(query): \(response.text)")
        }
    }

    @Test func tooLittleHistoryIsSaidNotForecast() async throws {
        try await TestServer.withClient(ledger: try await Self.ledger(days: 10)) { client in
            let json = try await client.get("/api/v1/forecast?\(Self.end)").json
            #expect(json["confidence"] as? String == "unavailable")
            #expect((json["note"] as? String)?.contains("at least 14 days") == true)
            #expect(Self.months(json).isEmpty)
            #expect(json[path: "history.days"] as? Int == 10)
            #expect(json[path: "backtest.available"] as? Bool == false)
            #expect(json[path: "period_end.elapsed_days"] as? Int == 2)
        }
    }
}
