import BurnrateCore
import BurnrateServer
import BurnrateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct MetricsAPITests {
    /// Requests of two priced models and one without a price, with cache and reasoning tokens.
    static let events = """
        [{"provider": "openai", "model": "gpt-4o", "tenant": "acme", "feature": "search", "input_tokens": 1200, "output_tokens": 300, "cache_read_tokens": 400},
         {"provider": "openai", "model": "gpt-4o", "tenant": "acme", "feature": "search", "input_tokens": 999, "output_tokens": 7},
         {"provider": "openai", "model": "gpt-4o", "tenant": "globex", "feature": "chat", "input_tokens": 50, "output_tokens": 5000, "reasoning_tokens": 4000},
         {"provider": "anthropic", "model": "claude-haiku-4-5", "tenant": "globex", "feature": "chat", "input_tokens": 3000, "output_tokens": 200, "cache_write_tokens": 1000},
         {"provider": "openai", "model": "mystery-model", "tenant": "acme", "input_tokens": 10, "output_tokens": 10}]
        """

    /// A GPU bill for one tenant, over a day long past.
    static let gpuBill = """
        {"id": "gpu-day", "category": "compute", "service": "GPU cluster", "provider": "AWS", "amount_usd": "123.456789012",
         "period_start": "2025-03-01T00:00:00Z", "period_end": "2025-03-02T00:00:00Z", "tenant": "acme"}
        """

    /// Runs `body` with a client of an application over `ledger`.
    static func withClient(
        _ ledger: Ledger, configuration: AppConfiguration = AppConfiguration(logLevel: .error), monitoring: (any MonitoringSource)? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = buildApplication(configuration: configuration, ledger: ledger, monitoring: monitoring)
        try await app.test(.router) { client in try await body(client) }
    }

    static func scrape(_ client: any TestClientProtocol, key: String? = nil) async throws -> ExpositionText {
        let response = try await client.get("/metrics", key: key)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        return ExpositionText(response.text)
    }

    @Test func valuesEqualTheLedgerExactly() async throws {
        let ledger = try await TestServer.ledger()
        try await Self.withClient(ledger) { client in
            #expect(try await client.post("/api/v1/events", Self.events).status == .ok)
            #expect(try await client.post("/api/v1/costs", Self.gpuBill).status == .created)
            let metrics = try await Self.scrape(client)

            let dimensions: [BurnrateStore.Dimension] = [.provider, .model, .tenant, .feature]
            let groups = try await ledger.store.aggregate(EventFilter(), by: dimensions.map { .dimension($0) })
            var cost: [[String: String]: Double] = [:]
            var requests: [[String: String]: Double] = [:]
            var tokens: [[String: String]: Double] = [:]
            for group in groups {
                var labels = Dictionary(uniqueKeysWithValues: zip(dimensions.map(\.rawValue), group.keys.map { $0 ?? "" }))
                requests[labels] = Double(group.totals.requests)
                let usage = group.totals.usage
                for (type, count) in [
                    ("input", usage.inputTokens), ("output", usage.outputTokens), ("cache_read", usage.cacheReadTokens),
                    ("cache_write", usage.cacheWriteTokens), ("reasoning", usage.reasoningTokens),
                ] where count > 0 {
                    tokens[labels.merging(["type": type]) { $1 }] = Double(count)
                }
                labels["category"] = "llm_api"
                if group.totals.cost.total != .zero { cost[labels] = group.totals.cost.total.usd }
            }
            cost[["provider": "aws", "model": "", "tenant": "acme", "feature": "", "category": "compute"]] =
                Money(usd: "123.456789012")!.usd
            #expect(groups.count == 4)
            #expect(metrics.series(MetricNames.cost.name) == cost)
            #expect(metrics.series(MetricNames.requests.name) == requests)
            #expect(metrics.series(MetricNames.tokens.name) == tokens)
            #expect(metrics.series(MetricNames.unpricedEvents.name) == [["provider": "openai", "model": "mystery-model"]: 1])
            #expect(metrics.series(MetricNames.ingestedEvents.name) == [[:]: 5])
            #expect(metrics.series(MetricNames.ingestDuration.name + "_count") == [[:]: 1])
        }
    }

    @Test func everyFamilyIsDocumentedOnceEvenWithoutSeries() async throws {
        try await Self.withClient(try await TestServer.ledger()) { client in
            let metrics = try await Self.scrape(client)
            for definition in MetricNames.all {
                #expect(metrics.types[definition.name] == [definition.kind.rawValue], "\(definition.name)")
            }
            #expect(metrics.series(MetricNames.budgetAmount.name).isEmpty)
            #expect(metrics.series(MetricNames.cost.name).isEmpty)
            #expect(metrics.series(MetricNames.seriesDropped.name).count == MetricNames.ledgerFamilies.count)
        }
    }

    @Test func eachScrapeReadsTheLedgerAfreshUpAndDown() async throws {
        try await Self.withClient(try await TestServer.ledger()) { client in
            _ = try await client.post("/api/v1/costs", Self.gpuBill)
            let item = ["provider": "aws", "model": "", "tenant": "acme", "feature": "", "category": "compute"]
            #expect(try await Self.scrape(client).series(MetricNames.cost.name)[item] == Money(usd: "123.456789012")!.usd)
            #expect(try await Self.scrape(client).series(MetricNames.cost.name)[item] == Money(usd: "123.456789012")!.usd)
            _ = try await client.post(
                "/api/v1/events", #"{"provider": "openai", "model": "gpt-4o", "tenant": "acme", "input_tokens": 1000000}"#)
            _ = try await client.post(
                "/api/v1/events", #"{"provider": "openai", "model": "gpt-4o", "tenant": "acme", "input_tokens": 1000000}"#)
            let llm = ["provider": "openai", "model": "gpt-4o", "tenant": "acme", "feature": "", "category": "llm_api"]
            #expect(try await Self.scrape(client).series(MetricNames.cost.name)[llm] == 5)
            #expect(try await client.execute(uri: "/api/v1/costs/gpu-day", method: .delete).status == .noContent)
            let after = try await Self.scrape(client).series(MetricNames.cost.name)
            #expect(after == [llm: 5])
        }
    }

    @Test func theLabelSetIsConfigurable() async throws {
        let configuration = AppConfiguration(logLevel: .error, metrics: MetricsConfiguration(labels: [.category, .provider]))
        let ledger = try await TestServer.ledger()
        try await Self.withClient(ledger, configuration: configuration) { client in
            _ = try await client.post("/api/v1/events", Self.events)
            _ = try await client.post("/api/v1/costs", Self.gpuBill)
            let metrics = try await Self.scrape(client)
            let openAI = try await ledger.store.summary(EventFilter(dimensions: [.provider: ["openai"]])).cost.total
            let cost = metrics.series(MetricNames.cost.name)
            #expect(Set(cost.keys.flatMap(\.keys)) == ["provider", "category"])
            #expect(cost[["provider": "openai", "category": "llm_api"]] == openAI.usd)
            #expect(cost[["provider": "aws", "category": "compute"]] == Money(usd: "123.456789012")!.usd)
            #expect(metrics.series(MetricNames.requests.name) == [["provider": "openai"]: 4, ["provider": "anthropic"]: 1])
            #expect(metrics.series(MetricNames.tokens.name)[["type": "reasoning", "provider": "openai"]] == 4000)
            #expect(metrics.series(MetricNames.unpricedEvents.name) == [["provider": "openai"]: 1])
        }
    }

    @Test func theUserLabelCanBeTurnedOn() async throws {
        let configuration = AppConfiguration(logLevel: .error, metrics: MetricsConfiguration(labels: [.user]))
        try await Self.withClient(try await TestServer.ledger(), configuration: configuration) { client in
            _ = try await client.post(
                "/api/v1/events", #"[{"model": "gpt-4o", "user": "ada"}, {"model": "gpt-4o", "user": "ada"}, {"model": "gpt-4o"}]"#)
            #expect(try await Self.scrape(client).series(MetricNames.requests.name) == [["user": "ada"]: 2, ["user": ""]: 1])
        }
    }

    @Test func theCapFoldsTheSmallestSeriesIntoOtherAndCountsThem() async throws {
        let configuration = AppConfiguration(logLevel: .error, metrics: MetricsConfiguration(labels: [.tenant], maxSeries: 4))
        let ledger = try await TestServer.ledger()
        try await Self.withClient(ledger, configuration: configuration) { client in
            let events = (1...6).map { tenant in
                Array(
                    repeating: #"{"model": "gpt-4o", "tenant": "t\#(tenant)", "input_tokens": \#(tenant * 1000), "output_tokens": 1}"#,
                    count: tenant)
            }
            _ = try await client.post("/api/v1/events", "[" + events.flatMap { $0 }.joined(separator: ",") + "]")
            let metrics = try await Self.scrape(client)
            let byTenant = try await ledger.store.breakdown(EventFilter(), by: .tenant, limit: 10)
            let folded = byTenant.dropFirst(3).reduce(Money.zero) { $0 + $1.totals.cost.total }

            let cost = metrics.series(MetricNames.cost.name)
            #expect(cost.count == 4)
            for row in byTenant.prefix(3) {
                #expect(cost[["tenant": row.key ?? ""]] == row.totals.cost.total.usd)
            }
            #expect(cost[["tenant": "other"]] == folded.usd)
            #expect(
                metrics.series(MetricNames.requests.name) == [
                    ["tenant": "t6"]: 6, ["tenant": "t5"]: 5, ["tenant": "t4"]: 4, ["tenant": "other"]: 6,
                ])
            let tokens = metrics.series(MetricNames.tokens.name)
            #expect(tokens.count == 4)
            #expect(tokens[["type": "input", "tenant": "t6"]] == 36_000)
            #expect(tokens[["type": "input", "tenant": "other"]] == 55_000)
            #expect(tokens[["type": "output", "tenant": "other"]] == 15)
            let dropped = metrics.series(MetricNames.seriesDropped.name)
            #expect(dropped[["metric": MetricNames.cost.name]] == 3)
            #expect(dropped[["metric": MetricNames.requests.name]] == 3)
            #expect(dropped[["metric": MetricNames.tokens.name]] == 10)
            #expect(dropped[["metric": MetricNames.unpricedEvents.name]] == 0)
        }
    }

    @Test func metricsNeedAnAdminKeyWhenKeysAreSet() async throws {
        try await Self.withClient(try await TestServer.ledger(), configuration: AuthTests.configuration) { client in
            let missing = try await client.get("/metrics")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] != nil)
            #expect(try await client.get("/metrics", key: "ingest-secret").status == .forbidden)
            #expect(try await client.get("/metrics", key: "admin-secret").status == .ok)
        }
    }

    @Test func budgetsAndAlertsComeFromTheMonitoringSource() async throws {
        let monitoring = FakeMonitoring(
            budgets: [
                BudgetGauge(
                    id: "b1", name: "Search", period: "monthly", amount: Money(dollars: 200), spent: Money(usd: "150.5")!,
                    projected: Money(usd: "301.25")!),
                BudgetGauge(
                    id: "b2", name: "Free tier", period: "daily", amount: .zero, spent: Money(usd: "0.25")!, projected: Money(usd: "1")!),
            ],
            alerts: [
                FiringAlertCount(rule: "budget_threshold", severity: "warning", count: 2),
                FiringAlertCount(rule: "hourly_spike", severity: "critical", count: 1),
            ])
        try await Self.withClient(try await TestServer.ledger(), monitoring: monitoring) { client in
            let metrics = try await Self.scrape(client)
            let search = ["budget": "b1", "name": "Search", "period": "monthly"]
            let free = ["budget": "b2", "name": "Free tier", "period": "daily"]
            #expect(metrics.series(MetricNames.budgetAmount.name) == [search: 200, free: 0])
            #expect(metrics.series(MetricNames.budgetSpent.name) == [search: 150.5, free: 0.25])
            #expect(metrics.series(MetricNames.budgetUtilization.name) == [search: 0.7525])
            #expect(metrics.series(MetricNames.budgetProjectedSpend.name) == [search: 301.25, free: 1])
            #expect(
                metrics.series(MetricNames.alertsFiring.name) == [
                    ["rule": "budget_threshold", "severity": "warning"]: 2, ["rule": "hourly_spike", "severity": "critical"]: 1,
                ])
        }
    }
}

/// Fixed budget and alert figures in place of the lead's evaluator.
struct FakeMonitoring: MonitoringSource {
    var budgets: [BudgetGauge]
    var alerts: [FiringAlertCount]

    func budgetGauges(now: Timestamp) async throws -> [BudgetGauge] { budgets }
    func firingAlerts() async throws -> [FiringAlertCount] { alerts }
}
