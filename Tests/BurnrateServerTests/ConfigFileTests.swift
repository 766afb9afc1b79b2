import BurnrateCore
import BurnrateServer
import BurnrateStore
import Testing

@Suite struct ConfigFileTests {
    static let example = """
        timezone: Europe/Berlin
        port: 9090
        budgets:
          - {id: all-monthly, name: All AI spend, period: monthly, amount_usd: 25000}
          - id: search-weekly
            name: Search feature
            scope: {feature: search-rag, tag.region: [eu, us]}
            period: weekly
            amount_usd: "1500.50"
            thresholds: [50, 90, 100]
        alerts:
          interval_seconds: 30
          rules:
            daily_anomaly: {method: ratio, ratio_threshold: 2.5, minimum_excess_usd: 20}
            cost_per_request: {threshold_usd: 0.25, factor: 1.5, minimum_requests_to_compare: 200, pending_seconds: 0}
            level_shift: {factor: 1.4, window_hours: 36, minimum_excess_usd: 25}
            drift: {enabled: false, window_days: 21}
            category_share: {enabled: false}
        notifications:
          webhooks: [http://127.0.0.1:9000/burnrate]
        metrics:
          labels: [provider, model]
          max_series: 500
        """

    @Test func theExampleFileReadsIntoSettings() throws {
        let file = try ConfigFile.parse(Self.example)
        #expect(file.timezone == "Europe/Berlin")
        #expect(file.port == 9090)
        #expect(file.budgets.map(\.id) == ["all-monthly", "search-weekly"])
        let search = file.budgets[1]
        #expect(search.amount == Money(nanos: 1_500_500_000_000))
        #expect(search.scope.filters == ["feature": ["search-rag"], "tag.region": ["eu", "us"]])
        #expect(search.thresholds == [50, 90, 100])
        #expect(search.source == .config)
        #expect(file.alertIntervalSeconds == 30)
        #expect(file.alertRules.dailyAnomaly.method == .ratio)
        #expect(file.alertRules.dailyAnomaly.ratioThreshold == 2.5)
        #expect(file.alertRules.dailyAnomaly.minimumExcess == Money(dollars: 20))
        #expect(file.alertRules.costPerRequest.threshold == Money(nanos: 250_000_000))
        #expect(file.alertRules.costPerRequest.pendingSeconds == 0)
        #expect(file.alertRules.costPerRequest.factor == 1.5)
        #expect(file.alertRules.costPerRequest.minimumRequestsToCompare == 200)
        #expect(file.alertRules.levelShift.factor == 1.4)
        #expect(file.alertRules.levelShift.windowHours == 36)
        #expect(file.alertRules.levelShift.minimumExcess == Money(dollars: 25))
        #expect(!file.alertRules.drift.enabled)
        #expect(file.alertRules.drift.windowDays == 21)
        #expect(!file.alertRules.categoryShare)
        #expect(file.alertRules.hourlySpike == HourlySpikeSettings())
        #expect(file.webhooks == ["http://127.0.0.1:9000/burnrate"])
        #expect(file.metricsLabels == ["provider", "model"])
        #expect(file.metricsMaxSeries == 500)
    }

    @Test func everyMistakeIsReportedAtOnce() {
        let text = """
            prot: 8080
            budgets:
              - {name: A, period: yearly, amount_usd: 5}
              - {name: B, scope: {colour: red}, period: monthly, amount_usd: 5}
            alerts:
              rules:
                hourly_spike: {factor: 0.5}
                weekly_spike: {}
            """
        #expect {
            try ConfigFile.parse(text)
        } throws: { error in
            let fields = (error as? ConfigFileError)?.issues.compactMap(\.field) ?? []
            return fields.contains("prot") && fields.contains("budgets.period") && fields.contains("budgets.scope.colour")
                && fields.contains("alerts.rules.hourly_spike.factor") && fields.contains("alerts.rules.weekly_spike")
        }
        #expect(throws: ConfigFileError.self) { try ConfigFile.parse("budgets: [unclosed") }
    }

    @Test func configBudgetsReplaceTheFilesPreviousOnesAndLeaveAPIBudgetsAlone() async throws {
        let store = try SQLiteLedgerStore.inMemory()
        let now = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!
        try await store.saveBudget(Budget(id: "api", name: "API", period: .daily, amount: Money(dollars: 1), createdAt: now))
        try await store.saveBudget(
            Budget(id: "gone", name: "Gone", period: .daily, amount: Money(dollars: 1), source: .config, createdAt: now))
        let file = try ConfigFile.parse(Self.example)
        let first = try await ConfigBudgets.sync(file.budgets, store: store)
        #expect(first.saved == ["all-monthly", "search-weekly"])
        #expect(first.removed == ["gone"])
        #expect(try await store.budgets().map(\.id) == ["all-monthly", "api", "search-weekly"])
        let again = try await ConfigBudgets.sync(try ConfigFile.parse(Self.example).budgets, store: store)
        #expect(again.saved.isEmpty)
        #expect(again.removed.isEmpty)
    }
}
