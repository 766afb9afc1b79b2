public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Prometheus's own programs for tests: `promtool` to check rule files, and a throwaway
/// `prometheus` server that scrapes a test application.
///
/// A missing installation fails the tests that need it with the command that installs it; they
/// never pass silently.
public enum TestPrometheus {
    /// The path of `promtool` or `prometheus`: in BURNRATE_PROMETHEUS_BIN, else where Debian and
    /// Homebrew install them.
    public static func binary(_ name: String) throws -> URL {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["BURNRATE_PROMETHEUS_BIN"] { candidates.append(explicit) }
        candidates += ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin", "/opt/prometheus"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate + "/" + name) {
            return URL(fileURLWithPath: candidate + "/" + name)
        }
        throw TestPrometheusError(
            "\(name) was not found, so the Prometheus tests cannot run. Install Prometheus (Debian/Ubuntu: "
                + "`apt-get install prometheus`) or set BURNRATE_PROMETHEUS_BIN to the directory holding promtool and prometheus.")
    }

    /// Runs `promtool` with `arguments` to completion; its exit status and everything it printed.
    public static func promtool(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-promtool-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let pid = try spawn([try binary("promtool").path] + arguments, log: log)
        let status = await exitStatus(of: pid)
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Starts a program with its output going to `log`; returns its process id.
    static func spawn(_ argv: [String], log: URL) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw TestPrometheusError("Could not start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for a process to exit, on a thread of its own rather than one of Swift concurrency's.
    static func exitStatus(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
    }
}

/// A `prometheus` server on a temporary directory and a free loopback port, scraping one target
/// every ten seconds with Prometheus's default timeout (ten seconds).
public final class TestPrometheusServer: Sendable {
    public let port: Int
    let pid: pid_t
    let directory: URL

    init(port: Int, pid: pid_t, directory: URL) {
        self.port = port
        self.pid = pid
        self.directory = directory
    }

    /// Starts a server that scrapes `target` (`host:port`) at `/metrics`, sending `bearerToken`
    /// when given, and waits until it is ready.
    public static func start(scraping target: String, bearerToken: String?) async throws -> TestPrometheusServer {
        let binary = try TestPrometheus.binary("prometheus")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let authorization = bearerToken.map { "    authorization:\n      credentials: \"\($0)\"\n" } ?? ""
        let configuration = """
            global:
              scrape_interval: 10s
              scrape_timeout: 10s
            scrape_configs:
              - job_name: burnrate
            \(authorization)    static_configs:
                  - targets: ["\(target)"]

            """
        let configurationFile = directory.appendingPathComponent("prometheus.yml")
        try Data(configuration.utf8).write(to: configurationFile)
        let log = directory.appendingPathComponent("prometheus.log")
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let pid = try TestPrometheus.spawn(
                [
                    binary.path, "--config.file=\(configurationFile.path)",
                    "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                    "--web.listen-address=127.0.0.1:\(port)",
                ], log: log)
            let server = TestPrometheusServer(port: port, pid: pid, directory: directory)
            do {
                try await server.waitUntilReady(log: log)
                return server
            } catch {
                lastError = error
                await server.stop(removingData: false)
            }
        }
        try? FileManager.default.removeItem(at: directory)
        throw lastError ?? TestPrometheusError("Prometheus did not start")
    }

    /// The value of an instant query that gives one sample, or `nil` while it gives none.
    public func query(_ expression: String) async throws -> Double? {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        let (data, _) = try await URLSession.shared.data(from: components.url!)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let result = (json?["data"] as? [String: Any])?["result"] as? [[String: Any]], let sample = result.first,
            let value = sample["value"] as? [Any], value.count == 2, let text = value[1] as? String
        else { return nil }
        return Double(text)
    }

    /// Polls `expression` until it gives a sample or `timeout` passes; `nil` if it never did.
    public func firstValue(of expression: String, within timeout: Duration) async throws -> Double? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try await query(expression) { return value }
            try await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }

    /// How the last scrape of each target went, as Prometheus reports it: health and error.
    public func targetHealth() async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/targets")!)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let targets = ((json?["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]]) ?? []
        guard !targets.isEmpty else { return "no active targets" }
        return targets.map { target in
            let health = target["health"] as? String ?? "?"
            let error = target["lastError"] as? String ?? ""
            let duration = target["lastScrapeDuration"].map { "\($0)" } ?? "?"
            return "\(target["scrapeUrl"] ?? "?"): \(health), last scrape \(duration) s\(error.isEmpty ? "" : ", error: \(error)")"
        }.joined(separator: "; ")
    }

    /// Stops the server and deletes its data.
    public func stop() async {
        await stop(removingData: true)
    }

    private func stop(removingData: Bool) async {
        kill(pid, SIGTERM)
        _ = await TestPrometheus.exitStatus(of: pid)
        if removingData { try? FileManager.default.removeItem(at: directory) }
    }

    /// Polls `/-/ready` for up to 30 seconds; fails at once when the server exited (its port taken).
    private func waitUntilReady(log: URL) async throws {
        let ready = URL(string: "http://127.0.0.1:\(port)/-/ready")!
        for _ in 0..<300 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw TestPrometheusError("Prometheus exited: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            }
            if let (_, response) = try? await URLSession.shared.data(from: ready), (response as? HTTPURLResponse)?.statusCode == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestPrometheusError("Prometheus was not ready within 30 seconds: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }
}

/// Why Prometheus's programs could not be used.
public struct TestPrometheusError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
