/// Where the current month ends if each remaining day costs what recent days of its weekday did.
public struct PeriodEndProjection: Sendable, Hashable {
    /// The calendar month projected.
    public var month: Range<Timestamp>
    /// The cost from the month's start to the end of the last complete day.
    public var actualToDate: Money
    /// The days of the month already observed and still to come.
    public var elapsedDays: Int
    public var remainingDays: Int
    /// `actualToDate` plus the expected cost of each remaining day.
    public var projected: Money
    /// The typical cost of each weekday (index 0 is Monday): the median of its recent days.
    public var weekdayRates: [Money]
    /// The mean of the weekday rates: a day's cost on average over a recent week.
    public var dailyRunRate: Money
    /// How many recent weeks the weekday rates are taken from.
    public var weeksUsed: Int

    /// The recent weeks a weekday rate looks back over.
    public static let lookbackWeeks = 4

    /// Projects `month` from `history` (consecutive local days, oldest first, ending with the last
    /// complete day) and the weekdays of the month's remaining days.
    ///
    /// The rate of a weekday is the median of its last ``lookbackWeeks`` occurrences, so that a
    /// single spike does not carry into every remaining day. `nil` with less than a week of history.
    public static func project(
        month: Range<Timestamp>, history: [DailyActual], remainingWeekdays: [Int], calendar: ReportingCalendar
    ) -> PeriodEndProjection? {
        guard history.count >= 7 else { return nil }
        let recent = history.suffix(lookbackWeeks * 7)
        var byWeekday = Array(repeating: [Money](), count: 7)
        for day in recent { byWeekday[calendar.weekday(of: day.day.lowerBound) - 1].append(day.cost) }
        let rates = byWeekday.map(median)
        let observed = history.filter { month.contains($0.day.lowerBound) }
        let actual = observed.reduce(Money.zero) { $0 + $1.cost }
        let remaining = remainingWeekdays.reduce(Money.zero) { $0 + rates[$1 - 1] }
        return PeriodEndProjection(
            month: month, actualToDate: actual, elapsedDays: observed.count, remainingDays: remainingWeekdays.count,
            projected: actual + remaining, weekdayRates: rates,
            dailyRunRate: rates.reduce(Money.zero, +).scaled(by: 1, over: 7), weeksUsed: recent.count / 7)
    }

    /// The middle value; the mean of the two middle values, rounded, for an even count.
    static func median(_ values: [Money]) -> Money {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .zero }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]).scaled(by: 1, over: 2)
    }
}
