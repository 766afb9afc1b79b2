/// How much of a cost item falls in a time range: each amount is spread evenly over the time it
/// covers, exact to the nano-dollar.
///
/// A `once` item spreads its amount over `[periodStart, periodEnd)`. A `monthly` item charges its
/// amount for every calendar month (UTC) from the month of `periodStart`, each month's amount
/// spread over that month's own length; the months cut by `periodStart` or `periodEnd` are
/// charged for the part they cover.
///
/// Rounding is cumulative: the part of a span up to instant `t` is `round(amount × elapsed ÷
/// length)`, and the part in `[a, b)` is the difference of those at `b` and `a`. A range therefore
/// gets the same amount whichever view it appears in, and the parts of any partition of a period
/// (days, weeks, months) add up to the item exactly: the largest-remainder property, without
/// depending on how the period was cut.
public enum CostSpread {
    /// The part of `item` that falls in `[from, to)`; zero when the range is empty or misses it.
    public static func amount(of item: CostItem, from: Timestamp, to: Timestamp) -> Money {
        let start = max(from, item.periodStart)
        let end = item.periodEnd.map { min(to, $0) } ?? to
        guard start < end else { return .zero }
        switch item.recurrence {
        case .once:
            guard let periodEnd = item.periodEnd else { return .zero }
            let span = Span(start: item.periodStart, end: periodEnd)
            return span.cumulative(item.amount, at: end) - span.cumulative(item.amount, at: start)
        case .monthly:
            var total = Money.zero
            var month = Span.month(containing: start)
            while month.start < end {
                total = total + month.cumulative(item.amount, at: min(end, month.end))
                total = total - month.cumulative(item.amount, at: max(start, month.start))
                month = Span.month(containing: month.end)
            }
            return total
        }
    }

    /// Everything the item costs over its whole period, or `nil` for an open-ended monthly item.
    public static func total(of item: CostItem) -> Money? {
        guard let periodEnd = item.periodEnd else { return nil }
        return amount(of: item, from: item.periodStart, to: periodEnd)
    }

    /// A half-open stretch of time over which one amount is spread.
    struct Span {
        var start: Timestamp
        var end: Timestamp

        /// The part of `amount` spread over `[start, instant)`, with `instant` clamped to the span.
        func cumulative(_ amount: Money, at instant: Timestamp) -> Money {
            let length = end.microseconds - start.microseconds
            let elapsed = min(max(instant, start), end).microseconds - start.microseconds
            return amount.scaled(by: elapsed, over: length)
        }

        /// The calendar month (UTC) holding `instant`.
        static func month(containing instant: Timestamp) -> Span {
            let day = Int(instant.microseconds.floorDiv(86_400_000_000))
            let (year, month, _) = CalendarDate.civilFromDays(day)
            let next = month == 12 ? (year + 1, 1) : (year, month + 1)
            return Span(
                start: midnight(CalendarDate.daysFromCivil(year: year, month: month, day: 1)),
                end: midnight(CalendarDate.daysFromCivil(year: next.0, month: next.1, day: 1)))
        }

        private static func midnight(_ day: Int) -> Timestamp {
            Timestamp(microseconds: Int64(day) * 86_400_000_000)
        }
    }
}
