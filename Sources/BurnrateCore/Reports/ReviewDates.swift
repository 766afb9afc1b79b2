import Foundation

/// Dates as a review prints them, in the review's time zone.
enum ReviewDates {
    /// `2026-11-23`.
    static func day(_ instant: Timestamp, timeZone: String) -> String {
        let calendar = ReportingCalendar(timeZone: TimeZone(identifier: timeZone) ?? .gmt)
        let (year, month, day) = calendar.date(of: instant)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `2026-11-23 14:05`.
    static func minute(_ instant: Timestamp, timeZone: String) -> String {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        let local = instant.adding(seconds: Int64(zone.secondsFromGMT(for: instant.date)))
        return String(local.rfc3339.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
