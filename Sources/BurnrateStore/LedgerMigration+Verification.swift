import BurnrateCore

extension LedgerMigration {
    /// Compares the source and the destination: the raw events' counts and exact sums, the
    /// all-time summary and the daily time series (both from the rollups), the price overrides,
    /// the repricing log, the cost items, the budgets and the outcomes; with `compareEvents`, every
    /// event field by field as well.
    public func verify(compareEvents: Bool = false) async throws -> MigrationVerification {
        async let sourceDigest = source.eventDigest()
        async let destinationDigest = destination.eventDigest()
        var verification = MigrationVerification()
        verification.add(try await sourceDigest, try await destinationDigest)

        async let sourceSummary = source.summary(EventFilter())
        async let destinationSummary = destination.summary(EventFilter())
        verification.add(try await sourceSummary, try await destinationSummary)

        async let sourceDays = source.timeseries(EventFilter(), interval: .day)
        async let destinationDays = destination.timeseries(EventFilter(), interval: .day)
        verification.add(try await sourceDays, try await destinationDays)

        async let sourceOverrides = source.exportPriceOverrides()
        async let destinationOverrides = destination.exportPriceOverrides()
        let overrides = (try await sourceOverrides, try await destinationOverrides)
        verification.check("price overrides", overrides.0.count, overrides.1.count, matches: overrides.0 == overrides.1)

        let runs = try await repriceLogs()
        verification.check("repricing runs", runs.0.count, runs.1.count, matches: runs.0 == runs.1)
        verification.check(
            "repricing changes", runs.0.reduce(0) { $0 + $1.changes.count }, runs.1.reduce(0) { $0 + $1.changes.count },
            matches: runs.0 == runs.1)

        async let sourceCosts = source.costItems(overlapping: nil, to: nil)
        async let destinationCosts = destination.costItems(overlapping: nil, to: nil)
        let costs = (try await sourceCosts, try await destinationCosts)
        verification.check("cost items", costs.0.count, costs.1.count, matches: Set(costs.0) == Set(costs.1))

        async let sourceBudgets = source.budgets()
        async let destinationBudgets = destination.budgets()
        let budgets = (try await sourceBudgets, try await destinationBudgets)
        verification.check("budgets", budgets.0.count, budgets.1.count, matches: budgets.0 == budgets.1)
        verification.checks.append(try await compareOutcomes())

        if compareEvents { verification.checks.append(try await compareAllEvents()) }
        return verification
    }

    private func repriceLogs() async throws -> ([RepriceRunRecord], [RepriceRunRecord]) {
        var logs: ([RepriceRunRecord], [RepriceRunRecord]) = ([], [])
        for id in try await source.repriceRunIDs() {
            if let run = try await source.exportRepriceRun(id: id) { logs.0.append(run) }
        }
        for id in try await destination.repriceRunIDs() {
            if let run = try await destination.exportRepriceRun(id: id) { logs.1.append(run) }
        }
        return logs
    }

    /// Reads both ledgers in export order, batch by batch, and compares every event.
    private func compareAllEvents() async throws -> MigrationVerification.Check {
        var cursor: EventCursor?
        var compared: Int64 = 0
        while true {
            let position = cursor
            async let fromSource = source.exportEvents(after: position, limit: batchSize)
            async let fromDestination = destination.exportEvents(after: position, limit: batchSize)
            let (left, right) = (try await fromSource, try await fromDestination)
            let common = min(left.count, right.count)
            if let index = (0..<common).first(where: { left[$0] != right[$0] }) ?? (left.count == right.count ? nil : common) {
                let describe = { (events: [StoredEvent]) in index < events.count ? "differs at \(events[index].priced.event.id)" : "ends" }
                return MigrationVerification.Check(
                    name: "events, field by field", source: "\(compared + Int64(index)) equal, then \(describe(left))",
                    destination: "\(compared + Int64(index)) equal, then \(describe(right))", matches: false)
            }
            guard let last = left.last else { break }
            compared += Int64(left.count)
            cursor = EventCursor(after: last)
        }
        return MigrationVerification.Check(name: "events, field by field", source: "\(compared)", destination: "\(compared)", matches: true)
    }
}

/// The outcome of comparing a migration's source and destination, one check per line.
public struct MigrationVerification: Sendable, Hashable {
    /// One compared quantity.
    public struct Check: Sendable, Hashable {
        public var name: String
        public var source: String
        public var destination: String
        public var matches: Bool

        public init(name: String, source: String, destination: String, matches: Bool) {
            self.name = name
            self.source = source
            self.destination = destination
            self.matches = matches
        }
    }

    public var checks: [Check] = []

    public init() {}

    /// Whether every check matched.
    public var isSuccessful: Bool { checks.allSatisfy(\.matches) }

    /// The checks that did not match.
    public var mismatches: [Check] { checks.filter { !$0.matches } }

    mutating func check<Value: Equatable>(_ name: String, _ source: Value, _ destination: Value, matches: Bool? = nil) {
        checks.append(Check(name: name, source: "\(source)", destination: "\(destination)", matches: matches ?? (source == destination)))
    }

    mutating func check(_ name: String, _ source: Money, _ destination: Money) {
        checks.append(
            Check(name: name, source: "$\(source.usdString)", destination: "$\(destination.usdString)", matches: source == destination))
    }

    mutating func add(_ source: EventDigest, _ destination: EventDigest) {
        check("events", source.events, destination.events)
        check("unpriced events", source.unpricedEvents, destination.unpricedEvents)
        check("events: cost", source.cost.total, destination.cost.total)
        check("events: stored totals", source.storedTotal, destination.storedTotal)
        check("events: input cost", source.cost.uncachedInput, destination.cost.uncachedInput)
        check("events: cache read cost", source.cost.cacheRead, destination.cost.cacheRead)
        check("events: cache write cost", source.cost.cacheWrite, destination.cost.cacheWrite)
        check("events: output cost", source.cost.output, destination.cost.output)
        add("events", source.usage, destination.usage)
    }

    mutating func add(_ prefix: String, _ source: TokenUsage, _ destination: TokenUsage) {
        check("\(prefix): input tokens", source.inputTokens, destination.inputTokens)
        check("\(prefix): output tokens", source.outputTokens, destination.outputTokens)
        check("\(prefix): cache read tokens", source.cacheReadTokens, destination.cacheReadTokens)
        check("\(prefix): cache write tokens", source.cacheWriteTokens, destination.cacheWriteTokens)
        check("\(prefix): cache write 1h tokens", source.cacheWrite1hTokens, destination.cacheWrite1hTokens)
        check("\(prefix): reasoning tokens", source.reasoningTokens, destination.reasoningTokens)
    }

    mutating func add(_ source: LedgerSummary, _ destination: LedgerSummary) {
        check("summary: requests", source.requests, destination.requests)
        check("summary: error requests", source.errorRequests, destination.errorRequests)
        check("summary: cost", source.cost.total, destination.cost.total)
        check("summary: input cost", source.cost.uncachedInput, destination.cost.uncachedInput)
        check("summary: cache read cost", source.cost.cacheRead, destination.cost.cacheRead)
        check("summary: cache write cost", source.cost.cacheWrite, destination.cost.cacheWrite)
        check("summary: output cost", source.cost.output, destination.cost.output)
        add("summary", source.usage, destination.usage)
        check("summary: unpriced requests", source.unpricedRequests, destination.unpricedRequests)
        add("summary: unpriced", source.unpricedUsage, destination.unpricedUsage)
        // Models with equal counts may come in either order.
        let order = { (models: [UnpricedModel]) in models.sorted { ($0.provider, $0.model) < ($1.provider, $1.model) } }
        check(
            "summary: unpriced models", source.unpricedModels.count, destination.unpricedModels.count,
            matches: order(source.unpricedModels) == order(destination.unpricedModels))
    }

    mutating func add(_ source: [TimeseriesPoint], _ destination: [TimeseriesPoint]) {
        let first = zip(source, destination).first { $0 != $1 }
        var name = "days (daily totals)"
        if let (left, right) = first {
            name += ", first difference on \(CalendarDate.string(from: left.start.date))"
            if left.start == right.start {
                checks.append(
                    Check(
                        name: name, source: "\(left.totals.requests) requests, $\(left.totals.cost.total.usdString)",
                        destination: "\(right.totals.requests) requests, $\(right.totals.cost.total.usdString)", matches: false))
                return
            }
        }
        check(name, source.count, destination.count, matches: source == destination)
    }
}
