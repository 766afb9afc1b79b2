public import Foundation

/// The width of a reporting period: hours, days, ISO weeks (Monday first) or calendar months.
public enum CalendarInterval: String, Sendable, Hashable, CaseIterable {
    case hour, day, week, month
}

/// Calendar periods in the time zone a team reports in, DST-correct: a day is midnight to
/// midnight on the wall clock, so it lasts 23 or 25 hours when the clocks change.
public struct ReportingCalendar: Sendable, Hashable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        self.calendar = calendar
    }

    /// The zone's IANA name as people write it (`UTC` rather than Foundation's `GMT`).
    public var zoneName: String { ["GMT", "Etc/UTC", "Etc/GMT"].contains(timeZone.identifier) ? "UTC" : timeZone.identifier }

    /// Calendar periods in UTC.
    public static let utc = ReportingCalendar(timeZone: TimeZone(identifier: "UTC")!)

    /// The start of the period of `interval` that holds `instant`.
    public func start(of interval: CalendarInterval, containing instant: Timestamp) -> Timestamp {
        let date = instant.date
        let start: Date
        switch interval {
        case .hour: start = calendar.dateInterval(of: .hour, for: date)?.start ?? date
        case .day: start = calendar.startOfDay(for: date)
        case .week: start = calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? date
        case .month: start = calendar.dateInterval(of: .month, for: date)?.start ?? date
        }
        return Timestamp(start)
    }

    /// The start of the period after the one starting at `start`.
    public func next(_ interval: CalendarInterval, after start: Timestamp) -> Timestamp {
        let component: Calendar.Component =
            switch interval {
            case .hour: .hour
            case .day: .day
            case .week: .weekOfYear
            case .month: .month
            }
        let date = calendar.date(byAdding: component, value: 1, to: start.date) ?? start.date.addingTimeInterval(3600)
        // Wall-clock arithmetic can land inside a skipped hour; periods start at the period's start.
        return interval == .hour ? Timestamp(date) : self.start(of: interval, containing: Timestamp(date))
    }

    /// The consecutive periods that cover `[from, to)`: the first starts at or before `from`, the
    /// last ends at or after `to`.
    public func periods(_ interval: CalendarInterval, from: Timestamp, to: Timestamp) -> [Range<Timestamp>] {
        var periods: [Range<Timestamp>] = []
        var start = self.start(of: interval, containing: from)
        while start < to {
            let end = next(interval, after: start)
            periods.append(start..<end)
            start = end
        }
        return periods
    }

    /// The calendar month `year`-`month` in this time zone.
    public func month(year: Int, month: Int) -> Range<Timestamp>? {
        guard (1...12).contains(month), let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)) else {
            return nil
        }
        let first = Timestamp(start)
        return first..<next(.month, after: first)
    }

    /// The ISO week `week` of `year` (weeks start on Monday; week 1 holds the year's first Thursday).
    public func week(year: Int, week: Int) -> Range<Timestamp>? {
        var components = DateComponents()
        components.yearForWeekOfYear = year
        components.weekOfYear = week
        components.weekday = 2
        guard (1...53).contains(week), let start = calendar.date(from: components),
            calendar.component(.yearForWeekOfYear, from: start) == year, calendar.component(.weekOfYear, from: start) == week
        else { return nil }
        let first = Timestamp(start)
        return first..<next(.week, after: first)
    }

    /// The calendar day `year`-`month`-`day` in this time zone.
    public func day(year: Int, month: Int, day: Int) -> Range<Timestamp>? {
        guard (1...12).contains(month), (1...CalendarDate.daysInMonth(year: year, month: month)).contains(day),
            let start = calendar.date(from: DateComponents(year: year, month: month, day: day))
        else { return nil }
        let first = Timestamp(calendar.startOfDay(for: start))
        return first..<next(.day, after: first)
    }

    /// The local calendar date of an instant, as `(year, month, day)`.
    public func date(of instant: Timestamp) -> (year: Int, month: Int, day: Int) {
        let components = calendar.dateComponents([.year, .month, .day], from: instant.date)
        return (components.year ?? 1970, components.month ?? 1, components.day ?? 1)
    }

    /// The local weekday of an instant: 1 is Monday, 7 is Sunday.
    public func weekday(of instant: Timestamp) -> Int {
        (calendar.component(.weekday, from: instant.date) + 5) % 7 + 1
    }

    /// The ISO week-numbering year and week of an instant.
    public func isoWeek(of instant: Timestamp) -> (year: Int, week: Int) {
        let components = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: instant.date)
        return (components.yearForWeekOfYear ?? 1970, components.weekOfYear ?? 1)
    }

    /// The English name of an instant's local weekday: `Monday` ... `Sunday`.
    public func weekdayName(of instant: Timestamp) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday(of: instant) - 1]
    }

    /// A label for a period start: `2026-11-23T09:00` for hours, `2026-11-23` for days and weeks
    /// (the Monday), `2026-11` for months.
    public func label(_ interval: CalendarInterval, start: Timestamp) -> String {
        let components = calendar.dateComponents([.year, .month, .day, .hour], from: start.date)
        let year = components.year ?? 0
        let month = components.month ?? 0
        let day = components.day ?? 0
        switch interval {
        case .hour: return String(format: "%04d-%02d-%02dT%02d:00", year, month, day, components.hour ?? 0)
        case .day, .week: return String(format: "%04d-%02d-%02d", year, month, day)
        case .month: return String(format: "%04d-%02d", year, month)
        }
    }

    /// The index of the period holding `instant`, in periods sorted and contiguous.
    public static func index(of instant: Timestamp, in periods: [Range<Timestamp>]) -> Int? {
        var low = 0
        var high = periods.count
        while low < high {
            let middle = (low + high) / 2
            if periods[middle].upperBound <= instant {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < periods.count && periods[low].contains(instant) ? low : nil
    }

    /// The widest UTC-aligned bucket, in seconds, whose buckets each fall inside one period: a day
    /// for days, weeks and months in UTC, an hour in zones whose offsets are whole hours, a quarter
    /// hour in zones such as Asia/Kolkata or Asia/Kathmandu.
    public func alignment(of periods: [Range<Timestamp>]) -> Int64 {
        let boundaries = periods.flatMap { [$0.lowerBound.microseconds, $0.upperBound.microseconds] }
        for seconds: Int64 in [86_400, 3600] where boundaries.allSatisfy({ $0 % (seconds * 1_000_000) == 0 }) {
            return seconds
        }
        return 900
    }
}
