import BurnrateCore
import Foundation
import Testing

/// The labelled anomaly benchmark: hourly cost with a working-day and weekly rhythm, growth,
/// noise and holidays, with anomalies of known kind and time injected, judged hour by hour as
/// the `hourly_spike` rule judges the last complete hour.
///
/// The suite runs a few seeds as a regression test; `scripts/anomaly-benchmark.sh` runs many
/// (`BURNRATE_ANOMALY_SEEDS`) and prints the table docs/alerts.md records.
@Suite struct AnomalyBenchmarkTests {
    enum Kind: String, CaseIterable, Sendable {
        /// One or two hours several times their usual cost (a batch job gone wrong, a retry storm).
        case spike
        /// An agent loop on one tenant: hours of calls on top of the usual traffic.
        case runaway
        /// A new steady level after a deploy.
        case levelShift = "level_shift"
        /// A slow climb, a few percent a day.
        case drift
        /// A provider's price change: every hour costs a fixed share more from then on.
        case priceChange = "price_change"
        /// Traffic moved to a model three times as expensive, for one feature.
        case modelSwitch = "model_switch"
    }

    struct Injected: Sendable {
        var kind: Kind
        var start: Int
        var hours: Int
    }

    struct Scenario: Sendable {
        var costs: [Money]
        var injected: [Injected]
    }

    /// SplitMix64: a seeded generator, so a seed is the same series on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Normal noise by Box–Muller.
        mutating func normal() -> Double {
            let u = max(Double.random(in: 0..<1, using: &self), 1e-12)
            let v = Double.random(in: 0..<1, using: &self)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    /// `weeks` weeks of hours starting on a Monday, with `anomalies` (or none) injected after the
    /// first three weeks.
    static func scenario(seed: UInt64, weeks: Int = 10, anomalies: Bool) -> Scenario {
        var random = Generator(state: seed)
        let hours = weeks * 168
        // Holidays: two weekdays that look like a Sunday.
        let holidays = Set((0..<2).map { _ in Int.random(in: 14..<(weeks * 7), using: &random) })
        let dollarsPerPeakHour = Double.random(in: 2...40, using: &random)
        var costs: [Double] = (0..<hours).map { hour in
            let day = hour / 24
            let hourOfDay = hour % 24
            let weekend = day % 7 >= 5 || holidays.contains(day)
            // Office hours carry most traffic; nights and weekends a floor of background jobs.
            let office = hourOfDay >= 8 && hourOfDay < 18 ? 1.0 : (hourOfDay >= 6 && hourOfDay < 21 ? 0.45 : 0.12)
            // Weekends and holidays keep the night's background jobs and a quarter of the day's work.
            let level = weekend ? 0.12 + 0.15 * office : office
            let growth = 1 + 0.01 * Double(hour) / 168
            let noise = exp(0.18 * random.normal())
            return dollarsPerPeakHour * level * growth * noise
        }
        var injected: [Injected] = []
        if anomalies {
            // Each kind once, at a random time after three weeks, not overlapping the others.
            var start = 3 * 168 + Int.random(in: 0..<48, using: &random)
            for kind in Kind.allCases.shuffled(using: &random) {
                let length: Int
                switch kind {
                case .spike: length = Int.random(in: 1...2, using: &random)
                case .runaway: length = Int.random(in: 3...6, using: &random)
                case .levelShift, .priceChange, .modelSwitch: length = 168
                case .drift: length = 21 * 24
                }
                guard start + length < hours else { break }
                injected.append(Injected(kind: kind, start: start, hours: length))
                for hour in start..<(start + length) {
                    switch kind {
                    // 4 to 9 times the hour, and at least $2 more: smaller is below the rule's $1 minimum.
                    case .spike: costs[hour] = costs[hour] * Double.random(in: 4...9, using: &random) + 2
                    case .runaway: costs[hour] += dollarsPerPeakHour * Double.random(in: 6...12, using: &random)
                    case .levelShift: costs[hour] *= 1.6
                    case .drift: costs[hour] *= pow(1.03, Double(hour - start) / 24)
                    case .priceChange: costs[hour] *= 1.4
                    case .modelSwitch: costs[hour] *= 1.0 + 0.3 * 2
                    }
                }
                start += length + Int.random(in: 48...120, using: &random)
            }
        }
        return Scenario(costs: costs.map { Money(nanos: Int64($0 * 1e9)) }, injected: injected)
    }

    /// The hours the rule fires on, judged one after another.
    static func fired(_ costs: [Money], settings: HourlySpikeSettings) -> [Int] {
        let judgements = SeasonalSpike.evaluate(costs, hours: costs.indices, factor: settings.factor, minimumExcess: settings.minimumExcess)
        return costs.indices.filter { judgements[$0]?.isSpike == true }
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
        var cleanSeeds = 0

        var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
        func recall(_ kind: Kind) -> Double { Double(detected[kind, default: 0]) / Double(max(1, injected[kind, default: 0])) }
    }

    /// Seeds to run: a few in the suite, `BURNRATE_ANOMALY_SEEDS` from the script.
    static let seeds: [UInt64] = Array(1...UInt64(ProcessInfo.processInfo.environment["BURNRATE_ANOMALY_SEEDS"].flatMap(Int.init) ?? 6))

    /// Spikes and runaway loops are what the hourly rule is for: an alert is right when it starts
    /// within one of them (or the hour after), and one is found when an alert starts within its
    /// first two hours. Level shifts, drifts, price changes and model switches are not spikes: an
    /// alert on them is a false one.
    static func score(settings: HourlySpikeSettings) -> Score {
        var score = Score()
        for seed in seeds {
            let scenario = scenario(seed: seed, anomalies: true)
            let alerts = episodes(fired(scenario.costs, settings: settings))
            let spiky = scenario.injected.filter { $0.kind == .spike || $0.kind == .runaway }
            for alert in alerts {
                if spiky.contains(where: { alert.lowerBound >= $0.start && alert.lowerBound <= $0.start + $0.hours }) {
                    score.truePositives += 1
                } else {
                    score.falsePositives += 1
                }
            }
            for anomaly in spiky {
                score.injected[anomaly.kind, default: 0] += 1
                if let first = alerts.first(where: { $0.lowerBound >= anomaly.start && $0.lowerBound < anomaly.start + min(anomaly.hours, 2) }) {
                    score.detected[anomaly.kind, default: 0] += 1
                    // Hours from the start until the end of the first flagged hour, when the rule can see it.
                    score.delays[anomaly.kind, default: []].append(first.lowerBound - anomaly.start + 1)
                }
            }
            let clean = episodes(fired(Self.scenario(seed: seed &+ 1_000, weeks: 8, anomalies: false).costs, settings: settings))
            score.cleanAlerts += clean.count
            score.cleanSeeds += 1
        }
        return score
    }

    @Test func spikesAndRunawayLoopsAreFoundAndNothingElseIs() {
        let score = Self.score(settings: HourlySpikeSettings())
        print(Self.report(score))
        #expect(score.precision >= 0.9, "precision \(score.precision)")
        #expect(score.recall(.spike) >= 0.9, "spike recall \(score.recall(.spike))")
        #expect(score.recall(.runaway) >= 0.9, "runaway recall \(score.recall(.runaway))")
        #expect(score.cleanAlerts == 0, "\(score.cleanAlerts) alerts on \(score.cleanSeeds) anomaly-free 8-week series")
    }

    /// The rule it replaces, on the same series: the last hour against the 24 before it.
    @Test func theTrailingDayRuleFiresOnEveryWorkingMorning() {
        let settings = HourlySpikeSettings()
        let costs = Self.scenario(seed: 1, weeks: 8, anomalies: false).costs
        let trailing = costs.indices.dropFirst(24).filter { index in
            Spike.evaluate(
                actual: costs[index], trailing: Array(costs[(index - 24)..<index]), factor: settings.factor,
                minimumExcess: settings.minimumExcess)?.isSpike == true
        }
        #expect(Self.episodes(trailing).count > 20)
        #expect(Self.episodes(Self.fired(costs, settings: settings)).isEmpty)
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
    }

    static func report(_ score: Score) -> String {
        var lines = ["hourly_spike over \(seeds.count) seeds: precision \(String(format: "%.3f", score.precision)) (\(score.truePositives) right, \(score.falsePositives) false alerts)"]
        for kind in [Kind.spike, .runaway] {
            let delays = score.delays[kind, default: []]
            let mean = delays.isEmpty ? 0 : Double(delays.reduce(0, +)) / Double(delays.count)
            lines.append(
                "\(kind.rawValue): recall \(String(format: "%.3f", score.recall(kind))) (\(score.detected[kind, default: 0]) of \(score.injected[kind, default: 0])), mean delay \(String(format: "%.1f", mean)) h, max \(delays.max() ?? 0) h"
            )
        }
        lines.append("anomaly-free 8-week series: \(score.cleanAlerts) alerts over \(score.cleanSeeds) series")
        return lines.joined(separator: "\n")
    }
}
