import Foundation

/// Hourly cost that has moved to a new level and stayed there: the kind of change a deploy, a
/// new customer or a provider's price rise makes, which a spike rule by design lets pass.
///
/// Every hour is measured against its seasonal baseline (the same hour of earlier weeks, as
/// `SeasonalSpike` takes it), so a busy morning after a quiet night is no change. The level of the
/// last `windowHours` is the median of those ratios; it is a shift when it is at least `factor`
/// times the level of the week before, when most of the window's hours (not a few loud ones, as
/// in a spike or a runaway loop) sit above that level, when the week before was not itself
/// climbing (a drift), when the new level is above the usual by at least the square root of
/// `factor` (climbing back to the usual after a quiet week is no shift), and when the extra cost
/// comes to at least `minimumExcess` a day. Requests are judged the same way, to say whether traffic or the cost
/// of a request moved.
public struct LevelShift: Sendable, Hashable {
    /// What moved with the cost.
    public enum Cause: String, Sendable, Hashable {
        /// Requests rose with the cost: more traffic (a launch, a new customer, a retry loop left on).
        case traffic
        /// Requests held while the cost rose: a price change, or traffic moved to a dearer model.
        case costPerRequest = "cost_per_request"
    }

    /// The first hour of the new level: the earliest of the hours above the old level that run
    /// up to now.
    public var start: Int
    /// The window's level against the week before it.
    public var ratio: Double
    /// The same for requests; nil when requests are not known.
    public var requestRatio: Double?
    public var cause: Cause
    /// The cost of the window, and what it would have cost at the week before's level.
    public var actual: Money
    public var expected: Money
    /// The extra cost of the new level, per day.
    public var excessPerDay: Money
    public var isShift: Bool

    /// The share of the window's hours that must sit above the old level.
    public static let consistency = 0.75
    /// Hours with a baseline the week before must hold, to have a level at all.
    public static let minimumPriorHours = 72

    /// Judges the window of `settings.windowHours` ending with hour `index` of `costs` (and
    /// `requests`, the same hours' request counts, when known). Nil without enough history.
    public static func evaluate(
        costs: [Money], requests: [Int64]?, at index: Int, settings: LevelShiftSettings
    ) -> LevelShift? {
        guard costs.indices.contains(index) else { return nil }
        return evaluate(costs: costs, requests: requests, hours: index..<(index + 1), settings: settings)[0]
    }

    /// Judges every hour of `hours` as `evaluate(costs:requests:at:settings:)` does, taking each
    /// hour's baseline once rather than once for every window it falls in.
    public static func evaluate(
        costs: [Money], requests: [Int64]?, hours: Range<Int>, settings: LevelShiftSettings
    ) -> [LevelShift?] {
        let offset = costs.firstIndex { $0.nanos > 0 } ?? costs.count
        let requests = requests.flatMap { $0.count == costs.count ? Array($0[offset...]) : nil }
        return SeasonalSpike.fromFirstCost(costs, hours: hours) { costs, hours in
            judgeAll(costs: costs, requests: requests, hours: hours, settings: settings).map { judgement in
                judgement.map { shift in
                    var shift = shift
                    shift.start += offset
                    return shift
                }
            }
        }
    }

    static func judgeAll(costs: [Money], requests: [Int64]?, hours: Range<Int>, settings: LevelShiftSettings) -> [LevelShift?] {
        let first = max(0, hours.lowerBound - settings.windowHours - 167)
        let baselines = (first..<hours.upperBound).map {
            SeasonalSpike.weeklyBaseline(costs, at: $0, minimumWeeks: SeasonalSpike.levelWeeks)
        }
        let costLogs = logRatios(costs, baselines: baselines, first: first)
        let requestLogs = requests.map { requests in
            logRatios(
                requests,
                baselines: (first..<hours.upperBound).map {
                    SeasonalSpike.weeklyBaseline(requests, at: $0, minimumWeeks: SeasonalSpike.levelWeeks)
                },
                first: first)
        }
        return hours.map { index in
            judge(costs, at: index, first: first, baselines: baselines, costLogs: costLogs, requestLogs: requestLogs, settings: settings)
        }
    }

    /// The judgement of the window ending at `index`, from the logs of every hour from `first`.
    static func judge(
        _ costs: [Money], at index: Int, first: Int, baselines: [Money?], costLogs: [Double?], requestLogs: [Double?]?,
        settings: LevelShiftSettings
    ) -> LevelShift? {
        let window = settings.windowHours
        guard index + 1 >= window + minimumPriorHours else { return nil }
        let recent = (index + 1 - window)...index
        let prior = max(first, recent.lowerBound - 168)..<recent.lowerBound
        let priorLogs = prior.compactMap { costLogs[$0 - first] }
        let recentLogs = recent.compactMap { costLogs[$0 - first] }
        guard priorLogs.count >= minimumPriorHours, Double(recentLogs.count) >= consistency * Double(window),
            let before = SeasonalSpike.medianOf(priorLogs), let now = SeasonalSpike.medianOf(recentLogs)
        else { return nil }
        let margin = before + log(settings.factor) / 2
        let elevated = recentLogs.filter { $0 > margin }.count
        // A week that was itself climbing is a drift (see `CostDrift`), not a step.
        let half = priorLogs.count / 2
        let climbing =
            (SeasonalSpike.medianOf(Array(priorLogs[half...])) ?? 0) - (SeasonalSpike.medianOf(Array(priorLogs[..<half])) ?? 0)
            > (now - before) / 3
        let expectedNanos = recent.reduce(0.0) { $0 + (baselines[$1 - first].map { Double($0.nanos) * exp(before) } ?? 0) }
        let actual = costs[recent].reduce(Money.zero, +)
        let expected = Money(approximateNanos: expectedNanos, rounding: .toNearestOrAwayFromZero)
        let excessPerDay = Money(approximateNanos: (Double(actual.nanos) - expectedNanos) * 24 / Double(window), rounding: .towardZero)
        let ratio = exp(now - before)
        var requestRatio: Double?
        if let requestLogs, let requestsBefore = SeasonalSpike.medianOf(prior.compactMap { requestLogs[$0 - first] }),
            let requestsNow = SeasonalSpike.medianOf(recent.compactMap { requestLogs[$0 - first] })
        {
            requestRatio = exp(requestsNow - requestsBefore)
        }
        // Traffic explains the change when requests moved at least half as far as the cost did.
        let trafficMoved = requestRatio.map { log($0) >= (now - before) / 2 } ?? true
        var start = recent.lowerBound
        var quiet = 0
        for hour in stride(from: index, through: prior.lowerBound, by: -1) {
            guard let ratio = costLogs[hour - first] else { continue }
            if ratio > margin {
                start = hour
                quiet = 0
            } else {
                quiet += 1
                if quiet == 3 { break }
            }
        }
        return LevelShift(
            start: start, ratio: ratio, requestRatio: requestRatio, cause: trafficMoved ? .traffic : .costPerRequest, actual: actual,
            expected: expected, excessPerDay: excessPerDay,
            isShift: ratio >= settings.factor && Double(elevated) >= consistency * Double(window) && !climbing
                && now >= log(settings.factor) / 2 && excessPerDay >= settings.minimumExcess)
    }

    /// log(value ÷ its baseline) for each hour from `first`, nil where either is zero or there is
    /// no baseline yet.
    static func logRatios<Value: HourlyQuantity>(_ values: [Value], baselines: [Value?], first: Int) -> [Double?] {
        baselines.indices.map { offset in
            guard let base = baselines[offset], base.ratioValue > 0, values[first + offset].ratioValue > 0 else { return nil }
            return log(values[first + offset].ratioValue / base.ratioValue)
        }
    }
}

/// An hourly figure the seasonal rules take ratios of: cost, or a count of requests.
public protocol HourlyQuantity: Comparable {
    /// The value as a non-negative number for ratios.
    var ratioValue: Double { get }
}

extension Money: HourlyQuantity {
    public var ratioValue: Double { Double(Swift.max(0, nanos)) }
}

extension Int64: HourlyQuantity {
    public var ratioValue: Double { Double(Swift.max(0, self)) }
}
