import BurnrateCore
import Synchronization

/// One month of events in its own partition, named `events_pYYYY_MM`, holding the timestamps
/// from the first instant of the month (UTC) up to the first of the next.
struct MonthPartition: Hashable, Comparable {
    let year: Int
    let month: Int

    init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    init(containing timestamp: Timestamp) {
        let day = timestamp.microseconds.floorDiv(86_400_000_000)
        let civil = CalendarDate.civilFromDays(Int(day))
        self.init(year: civil.year, month: civil.month)
    }

    /// The partition a table name stands for, if it is one of ours.
    init?(tableName: String) {
        let parts = tableName.split(separator: "_")
        guard parts.count == 3, parts[0] == "events", parts[1].first == "p",
            let year = Int(parts[1].dropFirst()), let month = Int(parts[2]), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    var name: String { "events_p\(year)_\(month < 10 ? "0" : "")\(month)" }
    var start: Timestamp { Timestamp(microseconds: Int64(CalendarDate.daysFromCivil(year: year, month: month, day: 1)) * 86_400_000_000) }
    var next: MonthPartition { month == 12 ? MonthPartition(year: year + 1, month: 1) : MonthPartition(year: year, month: month + 1) }
    var end: Timestamp { next.start }

    static func < (left: MonthPartition, right: MonthPartition) -> Bool { (left.year, left.month) < (right.year, right.month) }
}

/// The partitions this process knows exist, so that ingest creates one only when a batch reaches
/// a new month.
final class PartitionCache: Sendable {
    private let known = Mutex<Set<MonthPartition>>([])

    func missing(_ partitions: Set<MonthPartition>) -> Set<MonthPartition> { known.withLock { partitions.subtracting($0) } }
    func insert(_ partitions: Set<MonthPartition>) { known.withLock { $0.formUnion(partitions) } }
    func remove(_ partitions: [MonthPartition]) { known.withLock { $0.subtract(partitions) } }
    func forget() { known.withLock { $0.removeAll() } }
}
