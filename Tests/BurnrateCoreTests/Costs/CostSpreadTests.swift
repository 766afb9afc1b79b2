import BurnrateCore
import Testing

@Suite struct CostSpreadTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static func item(
        _ amount: String, from: String, to: String?, recurrence: CostRecurrence = .once
    ) -> CostItem {
        CostItem(
            id: "i", category: .compute, service: "GPU", amount: Money(usd: amount)!, periodStart: at(from),
            periodEnd: to.map(at), recurrence: recurrence, source: "test")
    }

    /// The parts of `item` over consecutive slices of `length` seconds from `start` to `end`.
    static func parts(_ item: CostItem, from start: Timestamp, to end: Timestamp, seconds: Int64) -> [Money] {
        var parts: [Money] = []
        var cursor = start
        while cursor < end {
            let next = min(end, cursor.adding(seconds: seconds))
            parts.append(CostSpread.amount(of: item, from: cursor, to: next))
            cursor = next
        }
        return parts
    }

    /// Calendar months from the month of `start` until `end`, as `[from, to)` pairs.
    static func months(from start: String, count: Int) -> [(Timestamp, Timestamp)] {
        var result: [(Timestamp, Timestamp)] = []
        var (year, month) = (Int(start.prefix(4))!, Int(start.dropFirst(5).prefix(2))!)
        for _ in 0..<count {
            let next = month == 12 ? (year + 1, 1) : (year, month + 1)
            let text = { (y: Int, m: Int) in "\(y)-\(m < 10 ? "0" : "")\(m)-01T00:00:00Z" }
            result.append((at(text(year, month)), at(text(next.0, next.1))))
            (year, month) = next
        }
        return result
    }

    @Test(arguments: [
        ("12345.678901234", "2026-03-03T05:17:00Z", "2026-05-19T13:00:00Z"),
        ("0.000000007", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"),
        ("-250.5", "2026-10-30T23:59:59.5Z", "2026-11-02T00:00:00Z"),
        ("999999.999999999", "2025-12-31T00:00:00Z", "2027-01-01T00:00:00Z"),
    ])
    func dayWeekAndMonthViewsEachSumToTheItem(amount: String, from: String, to: String) {
        let item = Self.item(amount, from: from, to: to)
        let viewStart = Self.at(from).adding(seconds: -86_400 * 9)
        let viewEnd = Self.at(to).adding(seconds: 86_400 * 40)
        let days = Self.parts(item, from: viewStart, to: viewEnd, seconds: 86_400)
        let weeks = Self.parts(item, from: viewStart.adding(seconds: 3 * 86_400), to: viewEnd, seconds: 7 * 86_400)
        let months = Self.months(from: String(from.prefix(7)), count: 16).map { CostSpread.amount(of: item, from: $0.0, to: $0.1) }
        #expect(days.reduce(Money.zero, +) == item.amount)
        #expect(weeks.reduce(Money.zero, +) == item.amount)
        #expect(months.reduce(Money.zero, +) == item.amount)
        #expect(CostSpread.total(of: item) == item.amount)
    }

    @Test func aRangeGetsTheSameAmountWhicheverViewItIsIn() {
        let item = Self.item("1000", from: "2026-03-01T00:00:00Z", to: "2026-03-04T00:00:00Z")
        let day = CostSpread.amount(of: item, from: Self.at("2026-03-02T00:00:00Z"), to: Self.at("2026-03-03T00:00:00Z"))
        let hours = Self.parts(item, from: Self.at("2026-03-02T00:00:00Z"), to: Self.at("2026-03-03T00:00:00Z"), seconds: 3_600)
        #expect(hours.reduce(Money.zero, +) == day)
        #expect(day == Money(usd: "333.333333333")! || day == Money(usd: "333.333333334")!)
    }

    @Test func aMonthlyItemChargesItsAmountEveryCalendarMonth() {
        let item = Self.item("3100", from: "2026-01-01T00:00:00Z", to: nil, recurrence: .monthly)
        for (start, end) in Self.months(from: "2026-01", count: 14) {
            #expect(CostSpread.amount(of: item, from: start, to: end) == item.amount)
        }
        let february = Self.parts(item, from: Self.at("2026-02-01T00:00:00Z"), to: Self.at("2026-03-01T00:00:00Z"), seconds: 86_400)
        #expect(february.count == 28)
        #expect(february.reduce(Money.zero, +) == item.amount)
        let marchDay = CostSpread.amount(of: item, from: Self.at("2026-03-10T00:00:00Z"), to: Self.at("2026-03-11T00:00:00Z"))
        #expect(marchDay == Money(dollars: 100))
        #expect(CostSpread.total(of: item) == nil)
    }

    @Test func aMonthlyItemStartingMidMonthIsChargedForThePartItCovers() {
        let item = Self.item("3100", from: "2026-03-17T00:00:00Z", to: "2026-05-17T00:00:00Z", recurrence: .monthly)
        #expect(
            CostSpread.amount(of: item, from: Self.at("2026-03-01T00:00:00Z"), to: Self.at("2026-04-01T00:00:00Z")) == Money(dollars: 1_500)
        )
        #expect(
            CostSpread.amount(of: item, from: Self.at("2026-04-01T00:00:00Z"), to: Self.at("2026-05-01T00:00:00Z")) == Money(dollars: 3_100)
        )
        let total = Money(dollars: 1_500 + 3_100) + Money(usd: "1600")!
        #expect(CostSpread.total(of: item) == total)
        let days = Self.parts(item, from: Self.at("2026-03-01T00:00:00Z"), to: Self.at("2026-06-01T00:00:00Z"), seconds: 86_400)
        #expect(days.reduce(Money.zero, +) == total)
    }

    @Test func rangesOutsideThePeriodGetNothing() {
        let item = Self.item("10", from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z")
        #expect(CostSpread.amount(of: item, from: Self.at("2026-03-02T00:00:00Z"), to: Self.at("2026-03-09T00:00:00Z")) == .zero)
        #expect(CostSpread.amount(of: item, from: Self.at("2026-02-01T00:00:00Z"), to: Self.at("2026-03-01T00:00:00Z")) == .zero)
        #expect(CostSpread.amount(of: item, from: Self.at("2026-03-01T12:00:00Z"), to: Self.at("2026-03-01T12:00:00Z")) == .zero)
        let monthly = Self.item("10", from: "2026-03-01T00:00:00Z", to: nil, recurrence: .monthly)
        #expect(CostSpread.amount(of: monthly, from: Self.at("2026-01-01T00:00:00Z"), to: Self.at("2026-03-01T00:00:00Z")) == .zero)
        #expect(monthly.overlaps(from: Self.at("2030-01-01T00:00:00Z"), to: nil))
        #expect(!monthly.overlaps(from: nil, to: Self.at("2026-03-01T00:00:00Z")))
    }
}
