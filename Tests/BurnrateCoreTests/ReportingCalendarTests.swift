import BurnrateCore
import Foundation
import Testing

/// Calendar periods in a reporting time zone, across daylight-saving changes.
@Suite struct ReportingCalendarTests {
    let newYork = ReportingCalendar(timeZone: TimeZone(identifier: "America/New_York")!)

    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    func hours(_ range: Range<Timestamp>) -> Int64 {
        (range.upperBound.microseconds - range.lowerBound.microseconds) / 3_600_000_000
    }

    @Test func daysLast23And25HoursWhenTheClocksChange() {
        let spring = newYork.periods(.day, from: at("2026-03-07T12:00:00Z"), to: at("2026-03-09T12:00:00Z"))
        #expect(spring.map(\.lowerBound) == [at("2026-03-07T05:00:00Z"), at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z")])
        #expect(spring.map(hours) == [24, 23, 24])
        let autumn = newYork.day(year: 2026, month: 11, day: 1)!
        #expect(autumn.lowerBound == at("2026-11-01T04:00:00Z"))
        #expect(hours(autumn) == 25)
    }

    @Test func periodsCoverTheRangeContiguously() {
        for interval in CalendarInterval.allCases {
            let periods = newYork.periods(interval, from: at("2026-01-15T10:17:00Z"), to: at("2026-04-02T00:00:00Z"))
            #expect(periods.first!.contains(at("2026-01-15T10:17:00Z")))
            #expect(periods.last!.upperBound >= at("2026-04-02T00:00:00Z"))
            #expect(zip(periods, periods.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        }
    }

    @Test func weeksAreISOWeeksStartingMonday() {
        let week = ReportingCalendar.utc.week(year: 2026, week: 1)!
        #expect(week.lowerBound == at("2025-12-29T00:00:00Z"))
        #expect(hours(week) == 7 * 24)
        #expect(ReportingCalendar.utc.week(year: 2026, week: 54) == nil)
        #expect(ReportingCalendar.utc.start(of: .week, containing: at("2026-11-23T15:00:00Z")) == at("2026-11-23T00:00:00Z"))
        #expect(ReportingCalendar.utc.start(of: .week, containing: at("2026-11-22T23:59:59Z")) == at("2026-11-16T00:00:00Z"))
    }

    @Test func monthsInTheReportingZone() {
        let march = newYork.month(year: 2026, month: 3)!
        #expect(march.lowerBound == at("2026-03-01T05:00:00Z"))
        #expect(march.upperBound == at("2026-04-01T04:00:00Z"))
        #expect(newYork.label(.month, start: march.lowerBound) == "2026-03")
        #expect(newYork.month(year: 2026, month: 13) == nil)
    }

    @Test func hourBucketsSufficeOnlyInWholeHourZones() {
        let range = (at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"))
        #expect(newYork.alignment(of: newYork.periods(.day, from: range.0, to: range.1)) == 3600)
        #expect(ReportingCalendar.utc.alignment(of: ReportingCalendar.utc.periods(.month, from: range.0, to: range.1)) == 86_400)
        #expect(ReportingCalendar.utc.alignment(of: ReportingCalendar.utc.periods(.hour, from: range.0, to: range.1)) == 3600)
        let kolkata = ReportingCalendar(timeZone: TimeZone(identifier: "Asia/Kolkata")!)
        #expect(kolkata.alignment(of: kolkata.periods(.day, from: range.0, to: range.1)) == 900)
        let kathmandu = ReportingCalendar(timeZone: TimeZone(identifier: "Asia/Kathmandu")!)
        let days = kathmandu.periods(.day, from: range.0, to: range.1)
        #expect(kathmandu.alignment(of: days) == 900)
        #expect(days[1].lowerBound.microseconds % 900_000_000 == 0)
    }

    @Test func findsThePeriodOfAnInstant() {
        let periods = newYork.periods(.day, from: at("2026-03-07T12:00:00Z"), to: at("2026-03-10T00:00:00Z"))
        #expect(ReportingCalendar.index(of: at("2026-03-08T04:59:59Z"), in: periods) == 0)
        #expect(ReportingCalendar.index(of: at("2026-03-08T05:00:00Z"), in: periods) == 1)
        #expect(ReportingCalendar.index(of: at("2026-03-09T03:59:59Z"), in: periods) == 1)
        #expect(ReportingCalendar.index(of: at("2026-03-09T04:00:00Z"), in: periods) == 2)
        #expect(ReportingCalendar.index(of: at("2026-03-01T00:00:00Z"), in: periods) == nil)
        #expect(ReportingCalendar.index(of: at("2026-03-20T00:00:00Z"), in: periods) == nil)
    }
}
