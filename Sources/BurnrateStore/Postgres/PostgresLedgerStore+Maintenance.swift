import BurnrateCore
import PostgresNIO

extension PostgresLedgerStore {
    /// Creates the monthly partitions that events at `timestamps` need and this process has not
    /// seen yet.
    func ensurePartitions(covering timestamps: [Timestamp]) async throws {
        let missing = partitions.missing(Set(timestamps.map(MonthPartition.init(containing:))))
        guard !missing.isEmpty else { return }
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.partitions))", logger: self.logger)
            for partition in missing.sorted() {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            CREATE TABLE IF NOT EXISTS \(partition.name) PARTITION OF event_rows
                            FOR VALUES FROM (\(partition.start.microseconds)) TO (\(partition.end.microseconds))
                            """), logger: self.logger)
            }
        }
        partitions.insert(missing)
    }

    /// The event partitions that exist, oldest first.
    func existingPartitions(on connection: PostgresConnection) async throws -> [MonthPartition] {
        let rows = try await connection.query(
            """
            SELECT child.relname::text FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            WHERE pg_inherits.inhparent = 'event_rows'::regclass
            """, logger: logger)
        var found: [MonthPartition] = []
        for try await name in rows.decode(String.self) {
            if let partition = MonthPartition(tableName: name) { found.append(partition) }
        }
        return found.sorted()
    }

    public func deleteEvents(before cutoff: Timestamp) async throws -> RetentionReport {
        // Rollups keep whole UTC days, so retention deletes whole days.
        let cutoff = cutoff.flooredToDay
        let report = try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLock.partitions))", logger: self.logger)
            var deleted: Int64 = 0
            var dropped: [MonthPartition] = []
            for partition in try await self.existingPartitions(on: connection) where partition.end <= cutoff {
                let count = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT count(*)::int8 FROM \(partition.name)"), logger: self.logger)
                for try await rows in count.decode(Int64.self) { deleted += rows }
                try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(partition.name)"), logger: self.logger)
                dropped.append(partition)
            }
            let rest = try await connection.query(
                "WITH gone AS (DELETE FROM event_rows WHERE ts < \(cutoff.microseconds) RETURNING 1) SELECT count(*)::int8 FROM gone",
                logger: self.logger)
            for try await rows in rest.decode(Int64.self) { deleted += rows }
            try await connection.query("DELETE FROM event_ids WHERE ts < \(cutoff.microseconds)", logger: self.logger)
            for table in RollupSchema.tables {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE bucket < \(cutoff.microseconds / 1_000_000)"), logger: self.logger)
            }
            for statement in RollupSchema.afterRetention(cutoff: cutoff.microseconds / 1_000_000) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
            }
            for statement in SessionSchema.retention(cutoff: cutoff.microseconds) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
            }
            return RetentionReport(cutoff: cutoff, eventsDeleted: deleted, partitionsDropped: dropped.map(\.name))
        }
        partitions.forget()
        return report
    }

    /// Claims the job in `job_runs` with one atomic statement, runs it holding no connection, and
    /// records its end. A claim whose end was never recorded (its replica died mid-job) counts as
    /// running until `abandonedAfter(interval)` has passed.
    public func runExclusively(
        job: String, interval: Duration, now: Timestamp, _ body: @Sendable () async throws -> Void
    ) async throws -> Bool {
        let due = now.microseconds - interval.microseconds
        let abandoned = now.microseconds - Self.abandonedAfter(interval).microseconds
        let claimed = try await read { connection in
            let claim = try await connection.query(
                """
                INSERT INTO job_runs (job, started_at) VALUES (\(job), \(now.microseconds))
                ON CONFLICT (job) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL
                WHERE job_runs.started_at <= \(due)
                  AND (job_runs.finished_at IS NOT NULL OR job_runs.started_at <= \(abandoned))
                RETURNING job
                """, logger: self.logger)
            var claimed = false
            for try await _ in claim { claimed = true }
            return claimed
        }
        guard claimed else { return false }
        do {
            try await body()
        } catch {
            try? await recordFinish(job: job)
            throw error
        }
        try await recordFinish(job: job)
        return true
    }

    /// How long an unfinished claim blocks its job: twice the interval, and never less than five
    /// minutes, so that a slow run is not mistaken for a dead one.
    static func abandonedAfter(_ interval: Duration) -> Duration {
        max(interval * 2, .seconds(300))
    }

    private func recordFinish(job: String) async throws {
        try await read { connection in
            _ = try await connection.query(
                "UPDATE job_runs SET finished_at = \(Timestamp.now().microseconds) WHERE job = \(job)", logger: self.logger)
        }
    }
}
