import BurnrateCore
import GRDB
import Synchronization

extension SQLiteLedgerStore {
    public func deleteEvents(before cutoff: Timestamp) async throws -> RetentionReport {
        // Rollups keep whole UTC days, so retention deletes whole days.
        let cutoff = cutoff.flooredToDay
        return try await writer.write { db in
            try db.execute(sql: "DELETE FROM event_rows WHERE ts < ?", arguments: [cutoff.microseconds])
            let deleted = Int64(db.changesCount)
            for table in RollupSchema.tables {
                try db.execute(sql: "DELETE FROM \(table) WHERE bucket < ?", arguments: [cutoff.microseconds / 1_000_000])
            }
            for statement in RollupSchema.afterRetention(cutoff: cutoff.microseconds / 1_000_000) {
                try db.execute(sql: statement)
            }
            for statement in SessionSchema.retention(cutoff: cutoff.microseconds) { try db.execute(sql: statement) }
            return RetentionReport(cutoff: cutoff, eventsDeleted: deleted)
        }
    }

    /// One SQLite file serves one process, so a job runs once at a time when this process holds
    /// its name; the `job_runs` row spaces the runs.
    public func runExclusively(
        job: String, interval: Duration, now: Timestamp, _ body: @Sendable () async throws -> Void
    ) async throws -> Bool {
        guard runningJobs.withLock({ $0.insert(job).inserted }) else { return false }
        defer { _ = runningJobs.withLock { $0.remove(job) } }
        let claimed = try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO job_runs (job, started_at) VALUES (?, ?)
                    ON CONFLICT (job) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL
                    WHERE job_runs.started_at <= ?
                    """,
                arguments: [job, now.microseconds, now.microseconds - interval.microseconds])
            return db.changesCount > 0
        }
        guard claimed else { return false }
        try await body()
        try await writer.write { db in
            try db.execute(sql: "UPDATE job_runs SET finished_at = ? WHERE job = ?", arguments: [Timestamp.now().microseconds, job])
        }
        return true
    }
}

extension Duration {
    /// The duration in whole microseconds.
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}

extension Timestamp {
    /// The start of the UTC day this instant falls in.
    var flooredToDay: Timestamp {
        Timestamp(microseconds: microseconds.floorDiv(86_400_000_000) * 86_400_000_000)
    }
}
