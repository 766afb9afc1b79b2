import BurnrateCore
import Foundation

/// Labelled traffic for the anomaly benchmark: hourly cost and requests of six tenants with a
/// working-day and weekly rhythm, growth, noise and holidays, with anomalies of known kind and
/// time injected.
struct AnomalyScenario: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        /// One or two hours several times their usual cost across the product (a retry storm).
        case spike
        /// An agent loop on one tenant: hours of calls on top of its usual traffic.
        case runaway
        /// A new steady level of traffic after a deploy.
        case levelShift = "level_shift"
        /// Traffic climbing a few percent a day.
        case drift
        /// A provider's price change: every request costs a fixed share more.
        case priceChange = "price_change"
        /// Traffic moved to a dearer model: each request costs 1.6 times as much.
        case modelSwitch = "model_switch"
    }

    struct Injected: Sendable {
        var kind: Kind
        var start: Int
        var hours: Int
        /// The tenant a runaway loop runs on.
        var tenant: Int?

        var end: Int { start + hours }
    }

    /// The history every rule needs before it judges: 3 weeks of the same hour and the week
    /// before the hours judged, for the level rules.
    static let anomalyFreeWeeks = 4
    /// Weeks in a labelled series: enough for its anomalies after `anomalyFreeWeeks`.
    static let labelledWeeks = 9
    /// The changes of level, one per series.
    static let levelKinds: [Kind] = [.levelShift, .drift, .priceChange, .modelSwitch]

    /// Each tenant's share of the traffic.
    static let tenantShares = [0.34, 0.22, 0.16, 0.12, 0.09, 0.07]

    var tenantCosts: [[Money]]
    var costs: [Money]
    var requests: [Int64]
    var injected: [Injected]

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

    /// `weeks` weeks of hours starting on a Monday, with a spike, a runaway loop and one change of
    /// level (which one depends on the seed) injected after the first `anomalyFreeWeeks`, in random
    /// order (or none). One change of level per series, so that each is judged against ordinary
    /// weeks, not against the weeks of another.
    ///
    /// Office hours carry most traffic (nights about an eighth of it), weekends and two random
    /// holidays keep the night's background jobs and a quarter of a working day; traffic grows 1%
    /// a week and every hour has ±15% lognormal noise in common and ±10% per tenant. A request
    /// costs $0.002–$0.05 (by seed); the average cost of an hour's N requests varies by 0.5/√N,
    /// as it does when single requests vary by half their mean.
    init(seed: UInt64, weeks: Int = labelledWeeks, anomalies: Bool) {
        var random = Generator(state: seed)
        let hours = weeks * 168
        let holidays = Set((0..<2).map { _ in Int.random(in: 14..<(weeks * 7), using: &random) })
        let dollarsPerPeakHour = Double.random(in: 2...40, using: &random)
        let dollarsPerRequest = Double.random(in: 0.002...0.05, using: &random)
        let tenants = Self.tenantShares.count
        // Traffic in dollars at the usual cost per request, per tenant and hour.
        var traffic: [[Double]] = Array(repeating: Array(repeating: 0, count: hours), count: tenants)
        for hour in 0..<hours {
            let day = hour / 24
            let hourOfDay = hour % 24
            let weekend = day % 7 >= 5 || holidays.contains(day)
            let office = hourOfDay >= 8 && hourOfDay < 18 ? 1.0 : (hourOfDay >= 6 && hourOfDay < 21 ? 0.45 : 0.12)
            let level = weekend ? 0.12 + 0.15 * office : office
            let growth = 1 + 0.01 * Double(hour) / 168
            let common = exp(0.15 * random.normal())
            for tenant in 0..<tenants {
                traffic[tenant][hour] =
                    dollarsPerPeakHour * Self.tenantShares[tenant] * level * growth * common * exp(0.10 * random.normal())
            }
        }
        // What a request costs against the usual, per hour.
        var priceFactor = Array(repeating: 1.0, count: hours)
        var injected: [Injected] = []
        if anomalies {
            var start = Self.anomalyFreeWeeks * 168 + Int.random(in: 0..<48, using: &random)
            let kinds = [Kind.spike, .runaway, Self.levelKinds[Int(seed % UInt64(Self.levelKinds.count))]]
            for kind in kinds.shuffled(using: &random) {
                let length: Int
                switch kind {
                case .spike: length = Int.random(in: 1...2, using: &random)
                case .runaway: length = Int.random(in: 3...6, using: &random)
                case .levelShift, .priceChange, .modelSwitch: length = 168
                case .drift: length = 21 * 24
                }
                guard start + length < hours else { break }
                var anomaly = Injected(kind: kind, start: start, hours: length)
                if kind == .runaway { anomaly.tenant = Int.random(in: 0..<tenants, using: &random) }
                injected.append(anomaly)
                for hour in start..<(start + length) {
                    switch kind {
                    // 4 to 9 times the hour, and at least $2 more: smaller is below the rule's $1 minimum.
                    case .spike:
                        let factor = Double.random(in: 4...9, using: &random)
                        for tenant in 0..<tenants { traffic[tenant][hour] = traffic[tenant][hour] * factor + 2 * Self.tenantShares[tenant] }
                    case .runaway: traffic[anomaly.tenant ?? 0][hour] += dollarsPerPeakHour * Double.random(in: 6...12, using: &random)
                    case .levelShift: for tenant in 0..<tenants { traffic[tenant][hour] *= 1.6 }
                    case .drift: for tenant in 0..<tenants { traffic[tenant][hour] *= pow(1.03, Double(hour - start) / 24) }
                    case .priceChange: priceFactor[hour] = 1.4
                    case .modelSwitch: priceFactor[hour] = 1.6
                    }
                }
                start += length + Int.random(in: 48...120, using: &random)
            }
        }
        var requests: [Int64] = []
        var tenantCosts: [[Money]] = Array(repeating: [], count: tenants)
        for hour in 0..<hours {
            let count = (0..<tenants).reduce(0.0) { $0 + traffic[$1][hour] } / dollarsPerRequest
            requests.append(Int64(count.rounded()))
            let averageNoise = exp(0.5 / max(1, count).squareRoot() * random.normal())
            for tenant in 0..<tenants {
                tenantCosts[tenant].append(Money(nanos: Int64(traffic[tenant][hour] * priceFactor[hour] * averageNoise * 1e9)))
            }
        }
        self.tenantCosts = tenantCosts
        self.costs = (0..<hours).map { hour in tenantCosts.reduce(Money.zero) { $0 + $1[hour] } }
        self.requests = requests
        self.injected = injected
    }
}
