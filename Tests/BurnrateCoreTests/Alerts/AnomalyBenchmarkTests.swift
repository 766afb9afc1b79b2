import BurnrateCore
import BurnrateTestSupport
import Foundation
import Testing

/// The labelled anomaly benchmark: every anomaly rule judges every hour of `AnomalyScenario`
/// traffic as it judges the last complete hour, and its alerts are scored against the anomalies
/// injected.
///
/// The suite runs a few seeds as a regression test; `scripts/anomaly-benchmark.sh` runs many
/// (`BURNRATE_ANOMALY_SEEDS`) and prints the table docs/alerts.md records.
///
/// The scoring is synchronous work of tens of seconds in a debug build. It runs once, on a thread
/// of its own (`scoring`): on the cooperative pool, whose threads are as many as the cores, it
/// would starve the suite's network tests of theirs.
@Suite struct AnomalyBenchmarkTests {
    typealias Kind = AnomalyScenario.Kind

    /// A rule as the benchmark runs it.
    struct Rule: Sendable {
        var id: AlertRuleID
        /// The kinds it is for: an alert that starts during one of them (or within `grace` hours
        /// after its end: the level rules describe the hours or days before them) is right, any
        /// other is false.
        var finds: [Kind]
        var grace: Int = 1
        /// The hours an alert may take to count as finding an anomaly (nil: while it lasts).
        var within: Int?
        /// The hours it fires on, per series (one series, or one per tenant).
        var fire: @Sendable (AnomalyScenario) -> [[Int]]
    }

    static let rules: [Rule] = [
        Rule(id: .hourlySpike, finds: [.spike, .runaway], within: 2) { [hourlySpikes($0.costs)] },
        Rule(id: .dimensionSpike, finds: [.spike, .runaway], within: 2) { $0.tenantCosts.map(dimensionSpikes) },
        Rule(id: .levelShift, finds: [.levelShift, .priceChange, .modelSwitch], grace: 24) { [levelShifts($0)] },
        Rule(id: .drift, finds: [.drift], grace: 24) { [drifts($0.costs)] },
        Rule(id: .costPerRequest, finds: [.priceChange, .modelSwitch]) { [costPerRequest($0)] },
        Rule(id: .dailyAnomaly, finds: Kind.allCases, grace: 24) { [dailyAnomalies($0.costs)] },
    ]

    static func hourlySpikes(_ costs: [Money]) -> [Int] {
        let settings = HourlySpikeSettings()
        let judgements = SeasonalSpike.evaluate(costs, hours: costs.indices, factor: settings.factor, minimumExcess: settings.minimumExcess)
        return costs.indices.filter { judgements[$0]?.isSpike == true }
    }

    static func dimensionSpikes(_ costs: [Money]) -> [Int] {
        let settings = DimensionSpikeSettings()
        let judgements = SeasonalSpike.evaluate(costs, hours: costs.indices, factor: settings.factor, minimumExcess: settings.minimumExcess)
        return costs.indices.filter { judgements[$0]?.isSpike == true }
    }

    static func levelShifts(_ scenario: AnomalyScenario) -> [Int] {
        let judgements = LevelShift.evaluate(
            costs: scenario.costs, requests: scenario.requests, hours: scenario.costs.indices, settings: LevelShiftSettings())
        return scenario.costs.indices.filter { judgements[$0]?.isShift == true }
    }

    static func drifts(_ costs: [Money]) -> [Int] {
        let judgements = CostDrift.evaluate(costs, hours: costs.indices, settings: DriftSettings())
        return costs.indices.filter { judgements[$0]?.isDrift == true }
    }

    /// The seasonal comparison alone: the fixed ceiling is the user's and off here.
    static func costPerRequest(_ scenario: AnomalyScenario) -> [Int] {
        var settings = CostPerRequestSettings()
        settings.threshold = .max
        let window = Timestamp(microseconds: 0)..<Timestamp(microseconds: 3_600_000_000)
        let usage = zip(scenario.costs, scenario.requests).map { UsageAlertRules.WindowUsage(cost: $0, requests: $1) }
        return usage.indices.filter { hour in
            let earlier = (1...SeasonalSpike.weeks).map { hour - 168 * $0 }.filter { $0 >= 0 }.map { usage[$0] }
            return UsageAlertRules.costPerRequest(usage[hour], earlier: earlier, window: window, weekday: "Monday", settings: settings)
                != nil
        }
    }

    /// Yesterday and today so far at each hour, against the days before, as the rule judges them.
    static func dailyAnomalies(_ costs: [Money]) -> [Int] {
        let settings = DailyAnomalySettings()
        let days = stride(from: 0, to: costs.count, by: 24).map { start in
            DayCost(
                start: Timestamp(microseconds: Int64(start) * 3_600_000_000), weekday: start / 24 % 7 + 1,
                cost: costs[start..<min(start + 24, costs.count)].reduce(Money.zero, +))
        }
        return costs.indices.filter { hour in
            let today = hour / 24
            let soFar = costs[(today * 24)...hour].reduce(Money.zero, +)
            let todayUnusual =
                DailyAnomaly.evaluate(actual: soFar, weekday: days[today].weekday, history: Array(days[..<today]), settings: settings)?
                .isAnomaly == true
            let yesterdayUnusual =
                today > 0
                && DailyAnomaly.evaluate(
                    actual: days[today - 1].cost, weekday: days[today - 1].weekday, history: Array(days[..<(today - 1)]), settings: settings
                )?
                .isAnomaly == true
            return todayUnusual || yesterdayUnusual
        }
    }

    /// Alerts: consecutive fired hours form one.
    static func episodes(_ hours: [Int]) -> [ClosedRange<Int>] {
        var episodes: [ClosedRange<Int>] = []
        for hour in hours {
            if let last = episodes.last, last.upperBound + 1 == hour {
                episodes[episodes.count - 1] = last.lowerBound...hour
            } else {
                episodes.append(hour...hour)
            }
        }
        return episodes
    }

    struct Score: Sendable {
        var detected: [Kind: Int] = [:]
        var injected: [Kind: Int] = [:]
        var delays: [Kind: [Int]] = [:]
        var truePositives = 0
        var falsePositives = 0
        var cleanAlerts = 0

        var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
        func recall(_ kind: Kind) -> Double { Double(detected[kind, default: 0]) / Double(max(1, injected[kind, default: 0])) }
        func meanDelay(_ kind: Kind) -> Double {
            let delays = delays[kind, default: []]
            return delays.isEmpty ? 0 : Double(delays.reduce(0, +)) / Double(delays.count)
        }
    }

    /// Seeds to run: a few in the suite, `BURNRATE_ANOMALY_SEEDS` from the script.
    static let seeds: [UInt64] = Array(1...UInt64(ProcessInfo.processInfo.environment["BURNRATE_ANOMALY_SEEDS"].flatMap(Int.init) ?? 8))

    /// Each seed's labelled 10 weeks and anomaly-free 8 weeks, generated once for every test.
    static let scenarios: [(labelled: AnomalyScenario, clean: AnomalyScenario)] = seeds.map {
        (AnomalyScenario(seed: $0, anomalies: true), AnomalyScenario(seed: $0 &+ 1_000, weeks: 8, anomalies: false))
    }

    /// Scores `rule` over every seed. The delay is counted to the end of the first flagged hour,
    /// when the rule can first see it.
    static func score(_ rule: Rule) -> Score {
        var score = Score()
        for (scenario, clean) in scenarios {
            let alerts = rule.fire(scenario).flatMap(episodes)
            let meant = scenario.injected.filter { rule.finds.contains($0.kind) }
            for alert in alerts {
                if meant.contains(where: { alert.lowerBound >= $0.start && alert.lowerBound < $0.end + rule.grace }) {
                    score.truePositives += 1
                } else {
                    score.falsePositives += 1
                }
            }
            for anomaly in scenario.injected {
                score.injected[anomaly.kind, default: 0] += 1
                let limit = anomaly.start + min(anomaly.hours, rule.within ?? anomaly.hours) + (rule.within == nil ? rule.grace : 0)
                let inWindow = alerts.filter { $0.lowerBound >= anomaly.start && $0.lowerBound < limit }
                if let first = inWindow.min(by: { $0.lowerBound < $1.lowerBound }) {
                    score.detected[anomaly.kind, default: 0] += 1
                    score.delays[anomaly.kind, default: []].append(first.lowerBound - anomaly.start + 1)
                }
            }
            score.cleanAlerts += rule.fire(clean).flatMap(episodes).count
        }
        return score
    }

    static func rule(_ id: AlertRuleID) -> Rule { rules.first { $0.id == id }! }

    /// Every rule's score over every seed, computed once on a background thread (see
    /// `BackgroundThread`).
    static let scoring = Task<[AlertRuleID: Score], Never> {
        await BackgroundThread.run { Dictionary(uniqueKeysWithValues: rules.map { ($0.id, score($0)) }) }
    }

    @Test func spikesAndRunawayLoopsAreFoundWithinTwoHoursAndNothingElseIs() async throws {
        let scores = await Self.scoring.value
        for id in [AlertRuleID.hourlySpike, .dimensionSpike] {
            let score = try #require(scores[id])
            #expect(score.precision >= 0.9, "\(id.rawValue) precision \(score.precision)")
            #expect(score.recall(.runaway) >= 0.9, "\(id.rawValue) runaway recall \(score.recall(.runaway))")
            #expect(score.cleanAlerts == 0, "\(id.rawValue): \(score.cleanAlerts) alerts on anomaly-free series")
        }
        #expect(try #require(scores[.hourlySpike]).recall(.spike) >= 0.9)
    }

    @Test func levelShiftsPriceChangesAndModelSwitchesAreFoundAsShifts() async throws {
        let scores = await Self.scoring.value
        let shift = try #require(scores[.levelShift])
        #expect(shift.precision >= 0.9, "level_shift precision \(shift.precision)")
        for kind in [Kind.levelShift, .priceChange, .modelSwitch] {
            #expect(shift.recall(kind) >= 0.9, "level_shift \(kind.rawValue) recall \(shift.recall(kind))")
        }
        #expect(shift.cleanAlerts == 0, "level_shift: \(shift.cleanAlerts) alerts on anomaly-free series")
        let perRequest = try #require(scores[.costPerRequest])
        #expect(perRequest.precision >= 0.9, "cost_per_request precision \(perRequest.precision)")
        // Deployments whose hours never reach `minimumRequestsToCompare` are left to level_shift.
        #expect(perRequest.recall(.priceChange) >= 0.75 && perRequest.recall(.modelSwitch) >= 0.75)
        #expect(perRequest.recall(.levelShift) == 0, "more traffic at the same price is not a dearer request")
        #expect(perRequest.cleanAlerts == 0)
    }

    @Test func slowDriftsAreFoundAsDrifts() async throws {
        let score = try #require(await Self.scoring.value[.drift])
        #expect(score.precision >= 0.9, "drift precision \(score.precision)")
        #expect(score.recall(.drift) >= 0.9, "drift recall \(score.recall(.drift))")
        #expect(score.cleanAlerts == 0, "drift: \(score.cleanAlerts) alerts on anomaly-free series")
    }

    @Test func theDailyRuleStaysQuietOnOrdinaryTraffic() async throws {
        #expect(try #require(await Self.scoring.value[.dailyAnomaly]).cleanAlerts == 0)
    }

    @Test func printReport() async {
        print(Self.report(await Self.scoring.value))
    }

    /// The rule it replaces, on the same series: the last hour against the 24 before it.
    @Test func theTrailingDayRuleFiresOnEveryWorkingMorning() {
        let settings = HourlySpikeSettings()
        let costs = AnomalyScenario(seed: 1_001, weeks: 8, anomalies: false).costs
        let trailing = costs.indices.dropFirst(24).filter { index in
            Spike.evaluate(
                actual: costs[index], trailing: Array(costs[(index - 24)..<index]), factor: settings.factor,
                minimumExcess: settings.minimumExcess)?.isSpike == true
        }
        #expect(Self.episodes(trailing).count > 20)
        #expect(Self.episodes(Self.hourlySpikes(costs)).isEmpty)
    }

    /// Extreme hours (the largest amount, zeros, a jump from one to the other) are judged without
    /// trapping, and saturate rather than wrap.
    @Test func extremeCostsAreJudgedWithoutTrapping() {
        let hours = 5 * 168
        let costs = (0..<hours).map { $0 % 2 == 0 ? Money(nanos: Int64.max) : .zero } + [Money(nanos: Int64.max)]
        let judgements = SeasonalSpike.evaluate(costs, hours: 0..<costs.count, factor: 1_000, minimumExcess: Money(nanos: Int64.max))
        #expect(judgements.count == costs.count)
        #expect(judgements.compactMap { $0 }.allSatisfy { $0.upperBound >= $0.baseline })
        #expect(SeasonalSpike.evaluate(costs, at: costs.count, factor: 2, minimumExcess: .zero) == nil)
        let requests = costs.map { $0 == .zero ? Int64.max : 1 }
        _ = LevelShift.evaluate(costs: costs, requests: requests, at: costs.count - 1, settings: LevelShiftSettings())
        _ = CostDrift.evaluate(costs, at: costs.count - 1, settings: DriftSettings())
    }

    /// The table docs/alerts.md records: per rule, precision and the clean series' alerts; per
    /// rule and kind, recall and delay.
    static func report(_ scores: [AlertRuleID: Score]) -> String {
        var lines = ["\(seeds.count) seeds; per rule: precision (right/false alerts), alerts on the anomaly-free 8-week series"]
        for rule in rules {
            guard let score = scores[rule.id] else { continue }
            lines.append(
                "\(rule.id.rawValue): precision \(String(format: "%.3f", score.precision)) (\(score.truePositives)/\(score.falsePositives)), clean alerts \(score.cleanAlerts)"
            )
            for kind in Kind.allCases {
                let delays = score.delays[kind, default: []]
                lines.append(
                    "  \(kind.rawValue): recall \(String(format: "%.3f", score.recall(kind))) (\(score.detected[kind, default: 0]) of \(score.injected[kind, default: 0])), mean delay \(String(format: "%.1f", score.meanDelay(kind))) h, max \(delays.max() ?? 0) h"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}
