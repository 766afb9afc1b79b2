/// How long a budget lasts before it starts again: calendar periods in the reporting time zone.
public enum BudgetPeriod: String, Sendable, Hashable, CaseIterable, Codable {
    case daily, weekly, monthly, quarterly
}

extension ReportingCalendar {
    /// The calendar period of `period` that holds `instant`: a local day, an ISO week from Monday,
    /// a month, or a quarter starting in January, April, July or October.
    public func range(of period: BudgetPeriod, containing instant: Timestamp) -> Range<Timestamp> {
        switch period {
        case .daily:
            let start = start(of: .day, containing: instant)
            return start..<next(.day, after: start)
        case .weekly:
            let start = start(of: .week, containing: instant)
            return start..<next(.week, after: start)
        case .monthly:
            let start = start(of: .month, containing: instant)
            return start..<next(.month, after: start)
        case .quarterly:
            var start = start(of: .month, containing: instant)
            for _ in 0..<((date(of: start).month - 1) % 3) {
                start = self.start(of: .month, containing: start.adding(seconds: -1))
            }
            var end = start
            for _ in 0..<3 { end = next(.month, after: end) }
            return start..<end
        }
    }
}
