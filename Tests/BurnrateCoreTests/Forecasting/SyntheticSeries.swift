import BurnrateCore
import Foundation

/// Daily series with a known trend, weekday pattern and noise, to check the forecast recovers them.
struct SyntheticSeries {
    /// Weekday factors, Monday first: weekends at about 40%, averaging exactly 1.
    static let factors: [Double] = {
        let raw = [1.04, 1.0, 1.0, 1.0, 1.0, 0.42, 0.42]
        let mean = raw.reduce(0, +) / 7
        return raw.map { $0 / mean }
    }()

    var level: Double = 100
    var slope: Double = 1.5
    /// Standard deviation of the multiplicative noise (0.1 is ±10%).
    var noise: Double = 0
    var seed: UInt64 = 1
    /// The weekday of day 0 (1 is Monday).
    var firstWeekday = 1

    func weekday(_ index: Int) -> Int { (firstWeekday - 1 + index) % 7 + 1 }

    /// The noise-free value of day `index`.
    func expected(_ index: Int) -> Double { (level + slope * Double(index)) * Self.factors[weekday(index) - 1] }

    /// `count` days starting at day `start`.
    func values(_ count: Int, from start: Int = 0) -> [Double] {
        var random = SeededRandom(seed: seed &+ UInt64(start))
        return (start..<start + count).map { index in
            let u1 = max(random.unit(), 1e-12)
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * random.unit())
            return expected(index) * (1 + noise * normal)
        }
    }

    func weekdays(_ count: Int, from start: Int = 0) -> [Int] { (start..<start + count).map(weekday) }

    /// Days of actual cost from `first` (UTC), the value of each day in dollars.
    static func days(_ values: [Double], from first: Timestamp, requests: Int64 = 0) -> [DailyActual] {
        var start = first
        return values.map { value in
            let next = ReportingCalendar.utc.next(.day, after: start)
            defer { start = next }
            return DailyActual(day: start..<next, cost: Money(approximateUSD: value), requests: requests, tokens: requests * 1_000)
        }
    }
}
