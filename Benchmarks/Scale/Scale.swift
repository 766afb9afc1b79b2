import BurnrateCatalog
import BurnrateCore
import BurnrateStore
import Foundation
import Logging

/// The 10-million-event scale benchmark: loads synthetic events into a store through its public
/// `ingest`, then times the aggregate queries the API serves. See docs/benchmarks.md.
@main
struct Scale {
    static func main() async {
        do {
            let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
            try await run(options)
        } catch is ExitSilently {
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("Scale: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: Options) async throws {
        var report = Report(options: options)
        switch options.backend {
        case .sqlite:
            if !options.skipIngest {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.database + suffix) }
            }
            let store = try SQLiteLedgerStore(path: options.database)
            try await benchmark(store, options: options, report: &report)
            report.databaseBytes = ["", "-wal"].reduce(0) { $0 + fileSize(options.database + $1) }
            report.databaseDetail =
                "main file \(megabytes(fileSize(options.database))) + WAL \(megabytes(fileSize(options.database + "-wal")))"
        case .postgres:
            try await withPostgres(options) { store in
                try await benchmark(store, options: options, report: &report)
            }
            if let bytes = postgresDatabaseSize(url: options.database) {
                report.databaseBytes = bytes
                report.databaseDetail = "pg_database_size"
            }
        }
        report.print()
        if let path = options.jsonPath { try report.writeJSON(to: path) }
    }

    static func benchmark(_ store: some LedgerStore, options: Options, report: inout Report) async throws {
        let generator = SyntheticEvents(count: options.events, seed: options.seed, end: options.end)
        if !options.skipIngest {
            let existing = try await store.summary(EventFilter()).requests
            guard existing == 0 else {
                throw ScaleError("the database already holds \(existing) events; give a fresh one, or --skip-ingest to query it")
            }
            try await load(generator, into: store, options: options, report: &report)
        }
        try await query(store, generator: generator, options: options, report: &report)
    }

    // MARK: Ingest

    static func load(_ generator: SyntheticEvents, into store: some LedgerStore, options: Options, report: inout Report) async throws {
        let catalog = try BuiltinCatalog.catalog()
        let csv = try options.csvPath.map { try RowsCSV(path: $0) }
        let clock = ContinuousClock()
        let segment = options.events >= 2_000_000 ? 1_000_000 : max(options.batch, options.events / 10)
        var segmentSeconds = 0.0
        var segmentEvents = 0
        var batchSeconds: [Double] = []
        var ingestSeconds = 0.0
        var generateSeconds = 0.0
        var duplicates = 0
        var priced = 0
        let started = clock.now
        log("\(options.backend.rawValue): loading \(options.events.formatted()) events in batches of \(options.batch.formatted())")

        var first = 0
        while first < options.events {
            let last = min(first + options.batch, options.events)
            let generating = clock.now
            let events = (first..<last).map { Pricer.price(generator.event($0), catalog: catalog) }
            generateSeconds += seconds(clock.now - generating)
            priced += events.count { $0.isPriced }

            let ingestedAt = Timestamp.now()
            let ingesting = clock.now
            let outcomes = try await store.ingest(events)
            let elapsed = seconds(clock.now - ingesting)
            ingestSeconds += elapsed
            batchSeconds.append(elapsed)
            duplicates += outcomes.count { $0.duplicate }
            try csv?.write(events, ingestedAt: ingestedAt)

            segmentSeconds += elapsed
            segmentEvents += events.count
            first = last
            if first % segment == 0 || first == options.events {
                report.segments.append(.init(through: first, events: segmentEvents, seconds: segmentSeconds))
                log(
                    "  \(first.formatted()) events: last \(segmentEvents.formatted()) at \(rate(segmentEvents, segmentSeconds)) events/s"
                        + " (overall \(rate(first, ingestSeconds)); \(Int(seconds(clock.now - started))) s elapsed)")
                segmentSeconds = 0
                segmentEvents = 0
            }
        }
        try csv?.close()
        report.ingest = .init(
            events: options.events, duplicates: duplicates, priced: priced, ingestSeconds: ingestSeconds,
            generateSeconds: generateSeconds, wallSeconds: seconds(clock.now - started),
            batchP50: percentile(batchSeconds, 0.50), batchP95: percentile(batchSeconds, 0.95),
            batchMax: batchSeconds.max() ?? 0)
    }

    // MARK: Queries

    struct Query {
        var name: String
        var rawScan: Bool
        var run: () async throws -> Int
    }

    static func queries(_ store: some LedgerStore, end: Timestamp) -> [Query] {
        func daysBefore(_ days: Int64) -> Timestamp { end.adding(seconds: -days * 86_400) }
        let last30 = EventFilter(from: daysBefore(30), to: end)
        let last90 = EventFilter(from: daysBefore(90), to: end)
        let last7 = EventFilter(from: daysBefore(7), to: end)
        var userFilter = last30
        userFilter.dimensions[.user] = [SyntheticEvents.sampleUser]
        var tenantFilter = last30
        tenantFilter.dimensions[.tenant] = [SyntheticEvents.sampleTenant]
        return [
            Query(name: "summary, 30 days", rawScan: false) { try await store.summary(last30).requests > 0 ? 1 : 0 },
            Query(name: "summary, all time", rawScan: false) { try await store.summary(EventFilter()).requests > 0 ? 1 : 0 },
            Query(name: "breakdown by tenant, 30 days", rawScan: false) { try await store.breakdown(last30, by: .tenant, limit: 20).count },
            Query(name: "breakdown by feature, 30 days", rawScan: false) {
                try await store.breakdown(last30, by: .feature, limit: 20).count
            },
            Query(name: "breakdown by model, 30 days", rawScan: false) { try await store.breakdown(last30, by: .model, limit: 20).count },
            Query(name: "timeseries by day, 90 days", rawScan: false) { try await store.timeseries(last90, interval: .day).count },
            Query(name: "timeseries by hour, 7 days", rawScan: false) { try await store.timeseries(last7, interval: .hour).count },
            Query(name: "breakdown by feature, 30 days, one tenant", rawScan: false) {
                try await store.breakdown(tenantFilter, by: .feature, limit: 20).count
            },
            Query(name: "active users, 30 days", rawScan: false) { try await store.activeUsers(last30) > 0 ? 1 : 0 },
            Query(name: "summary, 30 days, one user", rawScan: true) { try await store.summary(userFilter).requests > 0 ? 1 : 0 },
        ]
    }

    static func query(_ store: some LedgerStore, generator: SyntheticEvents, options: Options, report: inout Report) async throws {
        let clock = ContinuousClock()
        // What the data holds, for checking against the baselines' plain SQL over the same rows.
        let end = generator.end
        let all = try await store.summary(EventFilter())
        let month = try await store.summary(EventFilter(from: end.adding(seconds: -30 * 86_400), to: end))
        report.check = .init(
            requests: all.requests, unpricedRequests: all.unpricedRequests, costNanos: all.cost.total.nanos,
            requests30d: month.requests, costNanos30d: month.cost.total.nanos)
        log("queries: \(options.warmup) untimed and up to \(options.runs) timed runs each (at most \(Int(options.budget)) s)")
        for query in queries(store, end: end) {
            var groups = 0
            for _ in 0..<options.warmup { groups = try await query.run() }
            // A slow query gets fewer runs: at least 3, and no new run once `budget` is spent.
            var times: [Double] = []
            var spent = 0.0
            while times.count < options.runs && (spent < options.budget || times.count < 3) {
                let started = clock.now
                groups = try await query.run()
                times.append(seconds(clock.now - started))
                spent += times.last!
            }
            let result = Report.QueryResult(
                name: query.name, rawScan: query.rawScan, groups: groups, runs: times.count, p50: percentile(times, 0.50),
                p95: percentile(times, 0.95), max: times.max() ?? 0)
            log("  \(query.name): p50 \(milliseconds(result.p50)), p95 \(milliseconds(result.p95)) (\(times.count) runs)")
            report.queries.append(result)
        }
    }

    // MARK: PostgreSQL

    static func withPostgres(_ options: Options, _ body: (PostgresLedgerStore) async throws -> Void) async throws {
        var logger = Logger(label: "burnrate.scale")
        logger.logLevel = .warning
        try await PostgresLedgerStore.withStore(url: options.database, logger: logger) { store in
            try await body(store)
        }
    }

    /// `pg_database_size` of the database at `url`, read with psql.
    static func postgresDatabaseSize(url: String) -> Int64? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-Atc", "SELECT pg_database_size(current_database())"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Int64(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return nil
        }
    }

    // MARK: Helpers

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attos) = duration.components
        return Double(whole) + Double(attos) / 1e18
    }

    /// The nearest-rank percentile.
    static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func rate(_ events: Int, _ seconds: Double) -> String {
        seconds > 0 ? Int((Double(events) / seconds).rounded()).formatted() : "-"
    }

    static func milliseconds(_ seconds: Double) -> String {
        String(format: seconds < 0.01 ? "%.2f ms" : "%.1f ms", seconds * 1000)
    }

    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.0f MB", Double(bytes) / 1_000_000)
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }
}
