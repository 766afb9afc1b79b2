import BurnrateCore
import BurnrateStore

/// What aggregates must return, computed by folding over the events in Swift, and the events the
/// aggregate tests store.
enum AggregateReference {
    /// The value of `dimension` for an event; empty values count as none, as in the stores.
    static func value(_ priced: PricedEvent, _ dimension: Dimension) -> String? {
        let event = priced.event
        let value: String? =
            switch dimension {
            case .provider: event.provider
            case .model: event.model
            case .tenant: event.attribution.tenant
            case .user: event.attribution.user
            case .feature: event.attribution.feature
            case .team: event.attribution.team
            case .environment: event.attribution.environment
            case .status: event.status.rawValue
            }
        return value?.isEmpty == true ? nil : value
    }

    static func matches(_ priced: PricedEvent, _ filter: EventFilter) -> Bool {
        let time = priced.event.timestamp
        if let from = filter.from, time < from { return false }
        if let to = filter.to, time >= to { return false }
        for (dimension, values) in filter.dimensions where !values.isEmpty {
            guard let value = value(priced, dimension), values.contains(value) else { return false }
        }
        for (key, values) in filter.tags where !values.isEmpty {
            guard let value = priced.event.tags[key], values.contains(value) else { return false }
        }
        return true
    }

    /// The groups of `aggregate(filter, by: keys)`, by brute force.
    static func aggregate(_ events: [PricedEvent], _ filter: EventFilter, by keys: [GroupKey]) -> Set<AggregateGroup> {
        var groups: [AggregateGroup: UsageTotals] = [:]
        for priced in events where matches(priced, filter) {
            var values: [String?] = []
            var bucket: Timestamp?
            for key in keys {
                switch key {
                case .dimension(let dimension): values.append(value(priced, dimension))
                case .tag(let name): values.append(priced.event.tags[name])
                case .time(let interval):
                    let width = interval.seconds * 1_000_000
                    bucket = Timestamp(microseconds: priced.event.timestamp.microseconds.floorDiv(width) * width)
                }
            }
            groups[AggregateGroup(keys: values, bucket: bucket, totals: UsageTotals()), default: UsageTotals()].add(priced)
        }
        return Set(groups.map { AggregateGroup(keys: $0.key.keys, bucket: $0.key.bucket, totals: $0.value) })
    }

    static func activeUsers(_ events: [PricedEvent], _ filter: EventFilter) -> Int64 {
        Int64(Set(events.filter { matches($0, filter) }.compactMap { value($0, .user) }).count)
    }

    /// Six days of events around the Unix epoch (so that buckets before 1970 are covered), with
    /// every dimension, tags, GPU time, errors and unpriced events, and events exactly on and just
    /// beside quarter-hour, hour and day boundaries.
    static let events: [PricedEvent] = {
        let start = Timestamp(rfc3339: "1969-12-29T00:00:00Z")!.microseconds
        let span: Int64 = 6 * 86_400_000_000
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var times = (0..<400).map { _ in start + (Int64(next(1 << 30)) << 20 + Int64(next(1 << 20))) % span }
        for boundary in ["1969-12-31T23:45:00Z", "1970-01-01T00:00:00Z", "1970-01-01T01:00:00Z", "1969-12-30T00:15:00Z"] {
            let micros = Timestamp(rfc3339: boundary)!.microseconds
            times += [micros - 1, micros, micros + 1]
        }
        let models = [("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-haiku-4-5"), ("vllm", "own-ft")]
        return times.enumerated().map { index, micros in
            let (provider, model) = models[next(models.count)]
            let usage = TokenUsage(
                inputTokens: Int64(1_000 + next(9_000)), outputTokens: Int64(10 + next(900)), cacheReadTokens: Int64(next(500)),
                cacheWriteTokens: Int64(next(3) == 0 ? next(300) : 0), reasoningTokens: Int64(next(5)))
            let gpuSeconds: [Double?] = [nil, nil, 0.1234567, 1.5, 0.0000005, 2.675, 31.25e-7]
            let event = UsageEvent(
                id: "a\(index)", timestamp: Timestamp(microseconds: micros), provider: provider, model: model, usage: usage,
                status: next(9) == 0 ? .error : .ok,
                attribution: Attribution(
                    tenant: [nil, "acme", "globex", "initech"][next(4)], user: [nil, "u1", "u2", "u3", "u4", "u5"][next(6)],
                    feature: ["search", "chat", nil][next(3)], team: ["core", "growth"][next(2)],
                    environment: [nil, "production", "staging"][next(3)]),
                tags: [[:], ["region": "eu"], ["region": "us", "plan": "pro"], ["plan": "free"]][next(4)],
                gpuSeconds: gpuSeconds[next(gpuSeconds.count)])
            guard model != "own-ft" else { return PricedEvent(event: event, pricing: nil) }
            let cost = CostBreakdown(
                uncachedInput: Money(nanos: Int64(next(5_000_000))), cacheRead: Money(nanos: Int64(next(100_000))),
                cacheWrite: Money(nanos: Int64(next(50_000))), output: Money(nanos: Int64(next(9_000_000))))
            return PricedEvent(
                event: event, pricing: EventPricing(priceID: "\(provider)/\(model)", tier: "standard", longContext: false, cost: cost))
        }
    }()
}

extension UsageTotals {
    /// Adds one event, as the reference fold counts it.
    mutating func add(_ priced: PricedEvent) {
        requests += 1
        if priced.event.status == .error { errorRequests += 1 }
        usage = usage + priced.event.usage
        if priced.isPriced {
            cost = cost + priced.cost
        } else {
            unpricedRequests += 1
            unpricedUsage = unpricedUsage + priced.event.usage
        }
        if let seconds = priced.event.gpuSeconds { gpuMicroseconds += Int64((seconds * 1_000_000 + 0.5).rounded(.towardZero)) }
    }
}
