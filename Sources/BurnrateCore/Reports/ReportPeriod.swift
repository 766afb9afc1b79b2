import Foundation

/// The calendar period a review covers: a month (`2026-11`), an ISO week (`2026-W47`) or a day
/// (`2026-11-23`), in the reporting time zone.
public struct ReportPeriod: Sendable, Hashable {
    public var interval: CalendarInterval
    public var range: Range<Timestamp>

    /// Parses a period label; `nil` when it is none of the three forms or names no real date.
    public init?(_ label: String, calendar: ReportingCalendar) {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].hasPrefix("W"), parts[1].count == 3,
            let week = Int(parts[1].dropFirst()), let range = calendar.week(year: year, week: week)
        {
            self.init(interval: .week, range: range)
        } else if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            let range = calendar.month(year: year, month: month)
        {
            self.init(interval: .month, range: range)
        } else if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), let day = Int(parts[2]), let range = calendar.day(year: year, month: month, day: day)
        {
            self.init(interval: .day, range: range)
        } else {
            return nil
        }
    }

    public init(interval: CalendarInterval, range: Range<Timestamp>) {
        self.interval = interval
        self.range = range
    }

    /// The period of the same kind just before this one.
    public func previous(in calendar: ReportingCalendar) -> ReportPeriod {
        let start = calendar.start(of: interval, containing: range.lowerBound.adding(seconds: -1))
        return ReportPeriod(interval: interval, range: start..<range.lowerBound)
    }

    /// `2026-11`, `2026-W47` or `2026-11-23`.
    public func label(in calendar: ReportingCalendar) -> String {
        switch interval {
        case .week:
            let (year, week) = calendar.isoWeek(of: range.lowerBound)
            return String(format: "%04d-W%02d", year, week)
        default:
            return calendar.label(interval, start: range.lowerBound)
        }
    }

    /// `November 2026`, `Week 47, 2026` or `23 November 2026`.
    public func title(in calendar: ReportingCalendar) -> String {
        let (year, month, day) = calendar.date(of: range.lowerBound)
        switch interval {
        case .month: return "\(Self.monthNames[month - 1]) \(year)"
        case .week:
            let (weekYear, week) = calendar.isoWeek(of: range.lowerBound)
            return "Week \(week), \(weekYear)"
        default: return "\(day) \(Self.monthNames[month - 1]) \(year)"
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
}
