/// A calendar day in UTC, the day providers bill by.
///
/// Held as a count of days since 1970-01-01 so that days sort, subtract and store as integers.
public struct UTCDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The day of a `YYYY-MM-DD` date, or `nil` when the text is not a valid date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...CalendarDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.daysSinceEpoch = CalendarDate.daysFromCivil(year: year, month: month, day: day)
    }

    /// The UTC day an instant falls in.
    public init(containing instant: Timestamp) {
        self.daysSinceEpoch = Int(instant.microseconds.floorDiv(86_400_000_000))
    }

    /// Midnight UTC at the start of the day.
    public var start: Timestamp { Timestamp(microseconds: Int64(daysSinceEpoch) * 86_400_000_000) }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> UTCDay { UTCDay(daysSinceEpoch: daysSinceEpoch + count) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = CalendarDate.civilFromDays(daysSinceEpoch)
        return "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
    }

    public static func < (lhs: UTCDay, rhs: UTCDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A half-open range of UTC days, `[start, end)`: one day for a daily export row, a month or any
/// span for an invoice total.
public struct ChargePeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The first day billed.
    public var start: UTCDay
    /// The day after the last day billed.
    public var end: UTCDay

    /// A period; `end` must come after `start`.
    public init(start: UTCDay, end: UTCDay) {
        precondition(start < end, "a charge period must hold at least one day")
        self.start = start
        self.end = end
    }

    /// The period of one day.
    public init(day: UTCDay) {
        self.init(start: day, end: day.adding(days: 1))
    }

    /// Whether the period is exactly one day.
    public var isSingleDay: Bool { end.daysSinceEpoch - start.daysSinceEpoch == 1 }

    /// The days of the period, in order.
    public var days: [UTCDay] { (start.daysSinceEpoch..<end.daysSinceEpoch).map(UTCDay.init(daysSinceEpoch:)) }

    /// Whether `day` falls in the period.
    public func contains(_ day: UTCDay) -> Bool { start <= day && day < end }

    /// `YYYY-MM-DD` for one day, else `YYYY-MM-DD..YYYY-MM-DD` with the end exclusive.
    public var description: String { isSingleDay ? start.description : "\(start)..\(end)" }

    public static func < (lhs: ChargePeriod, rhs: ChargePeriod) -> Bool { (lhs.start, lhs.end) < (rhs.start, rhs.end) }
}
