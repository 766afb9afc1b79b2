import Foundation
import Synchronization

/// Throwaway PostgreSQL clusters for tests: `initdb` and `pg_ctl` on a temporary directory and a
/// free loopback port, stopped when the test process exits.
///
/// A missing PostgreSQL installation fails the tests that need it with the command that
/// installs it; they never pass silently.
public final class TestPostgres: Sendable {
    public let port: Int
    let directory: URL
    let binaries: URL

    /// The cluster shared by the tests of this process, started on first use.
    public static func shared() async throws -> TestPostgres {
        let task = sharedCluster.withLock { task in
            if let task { return task }
            let started = Task {
                let cluster = try await TestPostgres.start()
                startedCluster.withLock { $0 = cluster }
                return cluster
            }
            task = started
            atexit { TestPostgres.stopShared() }
            return started
        }
        return try await task.value
    }

    /// Runs `body` with the URL of a new, empty database on the shared cluster, dropped after.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        let cluster = try await shared()
        let name = "test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try await cluster.sql("CREATE DATABASE \(name)")
        do {
            let result = try await body(cluster.url(database: name))
            try? await cluster.sql("DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await cluster.sql("DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// A URL for `database` on this cluster.
    public func url(database: String = "postgres") -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Starts a cluster of its own, for tests that stop or restart the server.
    public static func start() async throws -> TestPostgres {
        let binaries = try findBinaries()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if runsAsRoot { try await run(URL(fileURLWithPath: "/bin/chown"), ["-R", "postgres:postgres", directory.path], asPostgres: false) }
        try await run(
            binaries.appendingPathComponent("initdb"),
            ["-D", directory.appendingPathComponent("data").path, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        var lastError: (any Error)?
        for _ in 0..<5 {
            let cluster = TestPostgres(port: Int.random(in: 20_000..<60_000), directory: directory, binaries: binaries)
            do {
                try await cluster.startServer()
                return cluster
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TestPostgresError("PostgreSQL did not start")
    }

    init(port: Int, directory: URL, binaries: URL) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
    }

    /// Starts the server (again) on this cluster's port.
    public func startServer() async throws {
        let options =
            "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories=\(directory.path) -c fsync=off -c max_connections=200"
        try await Self.run(
            binaries.appendingPathComponent("pg_ctl"),
            ["-D", dataDirectory, "-l", directory.appendingPathComponent("server.log").path, "-o", options, "-w", "-t", "30", "start"])
    }

    /// Stops the server, disconnecting every client; `fast` lets it shut down cleanly.
    public func stopServer(fast: Bool = true) async throws {
        try await Self.run(
            binaries.appendingPathComponent("pg_ctl"), ["-D", dataDirectory, "-m", fast ? "fast" : "immediate", "-w", "stop"])
    }

    /// Stops the server and deletes the cluster.
    public func destroy() {
        try? Self.runBlocking(
            binaries.appendingPathComponent("pg_ctl"), ["-D", dataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs SQL through `psql` as the superuser.
    public func sql(_ statement: String, database: String = "postgres") async throws {
        try await Self.run(
            binaries.appendingPathComponent("psql"),
            ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement],
            asPostgres: false)
    }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }

    private static let sharedCluster = Mutex<Task<TestPostgres, any Error>?>(nil)
    private static let startedCluster = Mutex<TestPostgres?>(nil)

    private static func stopShared() {
        startedCluster.withLock { $0?.destroy() }
    }

    private static var runsAsRoot: Bool { getuid() == 0 }

    /// Debian installs the server under /usr/lib/postgresql/VERSION/bin, outside PATH.
    static func findBinaries() throws -> URL {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["BURNRATE_PG_BIN"] { candidates.append(explicit) }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        candidates += ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin", "/usr/bin"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate + "/initdb") {
            return URL(fileURLWithPath: candidate)
        }
        throw TestPostgresError(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found, so the PostgreSQL tests cannot run. "
                + "Install them (Debian/Ubuntu: `apt-get install postgresql`) or set BURNRATE_PG_BIN to their directory.")
    }

    /// Runs a program to completion; as root, server programs run as the `postgres` user, since
    /// PostgreSQL refuses to run as root.
    ///
    /// `posix_spawn` (through `TestPrometheus.spawn`) and `waitpid` rather than Foundation's `Process`, whose wait does not return
    /// on Linux once pg_ctl has left a server running.
    ///
    /// The wait happens on a thread of its own, never on one of Swift concurrency's few threads,
    /// which the connection pools under test need.
    static func run(_ program: URL, _ arguments: [String], asPostgres: Bool = true) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(program, arguments, asPostgres: asPostgres) })
            }
        }
    }

    static func runBlocking(_ program: URL, _ arguments: [String], asPostgres: Bool) throws {
        let argv = (runsAsRoot && asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", program.path] : [program.path]) + arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-pg-command-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let pid = try TestPrometheus.spawn(argv, log: log)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TestPostgresError("\(program.lastPathComponent) \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
}

/// Why a test cluster could not be set up.
public struct TestPostgresError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
