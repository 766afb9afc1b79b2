import BurnrateCore
import GRDB
import PostgresNIO
import Testing

@testable import BurnrateStore

/// Databases written before the rollups of `v3-aggregates` get them built from their events.
@Suite struct AggregateMigrationTests {
    @Test(arguments: [StoreBackend.sqliteFile, .postgres])
    func theMigrationBuildsTheRollupsFromTheStoredEvents(_ backend: StoreBackend) async throws {
        let events = AggregateReference.events
        try await backend.withStore { store, reopen in
            _ = try await store.ingest(events)
            try await Self.returnToTheSchemaBeforeTheMigration(store)
            let reopen = try #require(reopen)
            try await reopen { reopened in
                let filter = EventFilter(
                    from: Timestamp(rfc3339: "1969-12-29T05:17:31.5Z"), to: Timestamp(rfc3339: "1970-01-02T13:02:00.000001Z"))
                let groupings: [[GroupKey]] = [
                    [], [.dimension(.provider), .dimension(.model)], [.dimension(.tenant), .time(.quarterHour)],
                    [.dimension(.user)], [.dimension(.feature), .dimension(.status), .time(.day)],
                ]
                for keys in groupings {
                    for range in [EventFilter(), filter] {
                        let groups = try await reopened.aggregate(range, by: keys)
                        #expect(Set(groups) == AggregateReference.aggregate(events, range, by: keys), "\(keys)")
                    }
                }
                let users = try await reopened.activeUsers(filter)
                #expect(users == AggregateReference.activeUsers(events, filter))
            }
        }
    }

    /// Each migration after `v3-aggregates` that adds rollups, with how many it adds.
    static let laterRollupMigrations = ["v8-user-rollups": 10, "v9-user-detail-rollups": 2, "v10-tag-rollups": 4]

    @Test(arguments: [StoreBackend.sqliteFile, .postgres], laterRollupMigrations.keys.sorted())
    func laterRollupsAreBuiltFromTheStoredEvents(_ backend: StoreBackend, migration: String) async throws {
        let events = AggregateReference.events
        let added = Rollup.added(inMigration: migration)
        #expect(added.count == Self.laterRollupMigrations[migration])
        try await backend.withStore { store, reopen in
            _ = try await store.ingest(events)
            let ids = added.map { String($0.id) }.joined(separator: ", ")
            // A migration that adds the tagged rollups creates their table too.
            let undo = added.allSatisfy(\.tagged) ? "DROP TABLE tag_rollups" : "DELETE FROM rollups WHERE rollup IN (\(ids))"
            if let store = store as? SQLiteLedgerStore {
                try await store.writer.write { db in
                    try db.execute(sql: undo)
                    try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [migration])
                }
            } else if let store = store as? PostgresLedgerStore {
                try await store.transaction { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: undo), logger: store.logger)
                    try await connection.query("DELETE FROM schema_migrations WHERE name = \(migration)", logger: store.logger)
                }
            }
            let reopen = try #require(reopen)
            try await reopen { reopened in
                var filter = EventFilter(
                    from: Timestamp(rfc3339: "1969-12-29T05:17:31.5Z"), to: Timestamp(rfc3339: "1970-01-02T13:02:00.000001Z"))
                let tenant = try #require(events.compactMap(\.event.attribution.tenant).first)
                let groupings: [[GroupKey]] = [
                    [.dimension(.user)], [.dimension(.user), .time(.hour)], [.dimension(.user), .dimension(.feature)],
                    [.dimension(.user), .dimension(.feature), .time(.hour)], [.dimension(.model), .time(.hour)],
                ]
                for (dimensions, tags) in [([Dimension.tenant: [tenant]], [:]), ([:], ["region": ["eu", "us"]])] {
                    filter.dimensions = dimensions
                    filter.tags = tags
                    for keys in groupings {
                        let groups = try await reopened.aggregate(filter, by: keys)
                        #expect(Set(groups) == AggregateReference.aggregate(events, filter, by: keys), "\(filter) \(keys)")
                    }
                    #expect(try await reopened.activeUsers(filter) == AggregateReference.activeUsers(events, filter))
                }
            }
        }
    }

    /// Drops the rollups and puts back the one hourly rollup table, as `v3-aggregates` found it.
    static func returnToTheSchemaBeforeTheMigration(_ store: any LedgerStore) async throws {
        let rollupMigrations = Set(Rollup.all.map(\.migration)).map { "'\($0)'" }.joined(separator: ", ")
        if let store = store as? SQLiteLedgerStore {
            try await store.writer.write { db in
                try db.execute(
                    sql: """
                        DROP TABLE rollups;
                        DROP TABLE tag_rollups;
                        CREATE TABLE rollup_hourly (bucket INTEGER NOT NULL);
                        DELETE FROM grdb_migrations WHERE identifier IN (\(rollupMigrations));
                        """)
            }
        } else if let store = store as? PostgresLedgerStore {
            try await store.transaction { connection in
                try await connection.query("DROP TABLE rollups", logger: store.logger)
                try await connection.query("DROP TABLE tag_rollups", logger: store.logger)
                try await connection.query("CREATE TABLE rollup_hourly (bucket bigint NOT NULL)", logger: store.logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM schema_migrations WHERE name IN (\(rollupMigrations))"), logger: store.logger)
            }
        } else {
            Issue.record("no way to undo the migration on \(type(of: store))")
        }
    }
}
