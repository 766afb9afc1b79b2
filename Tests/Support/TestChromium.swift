public import Foundation

/// Debian's `chromium`, headless, for the dashboard's browser test: loads a page, takes a
/// screenshot at a window size, and reports what the browser logged (console messages included).
///
/// A missing browser fails the test with the command that installs it; it never passes silently.
public enum TestChromium {
    /// The browser: BURNRATE_CHROMIUM, else `chromium` or `chromium-browser` where Debian puts them.
    public static func binary() throws -> URL {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["BURNRATE_CHROMIUM"] { candidates.append(explicit) }
        candidates += ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/local/bin/chromium"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return URL(fileURLWithPath: candidate)
        }
        throw TestPrometheusError(
            "chromium was not found, so the browser test cannot run. Install it (Debian/Ubuntu: `apt-get install chromium`) "
                + "or set BURNRATE_CHROMIUM to the browser's path.")
    }

    /// Opens `url` in a fresh headless browser with its own profile, saves a screenshot of the
    /// window (`width` × `height`) to `screenshot`, and returns the browser's exit status and log.
    /// `dark` asks for the dark colour scheme. The browser is killed after `timeout` seconds.
    public static func screenshot(
        _ url: String, to screenshot: URL, width: Int, height: Int, dark: Bool = false, timeout: Double = 90
    ) async throws -> (status: Int32, log: String) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("burnrate-chromium-\(UUID().uuidString)")
        let log = profile.appendingPathExtension("log")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: profile)
            try? FileManager.default.removeItem(at: log)
        }
        var arguments = [
            try binary().path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--metrics-recording-only",
            "--hide-scrollbars", "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
            "--window-size=\(width),\(height)", "--virtual-time-budget=3000", "--screenshot=\(screenshot.path)",
        ]
        if dark { arguments += ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] }
        arguments.append(url)
        let pid = try TestPrometheus.spawn(arguments, log: log)
        let watchdog = Thread {
            let deadline = Date().addingTimeInterval(timeout)
            while !Thread.current.isCancelled, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
            if !Thread.current.isCancelled { kill(pid, SIGKILL) }
        }
        watchdog.start()
        let status = await TestPrometheus.exitStatus(of: pid)
        watchdog.cancel()
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// The lines of a browser log that report something on the page: any console message (the
    /// dashboard logs none, so each is an error or a warning), uncaught exceptions, loads refused
    /// by the content security policy and failed loads.
    public static func pageProblems(in log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            line.contains(":CONSOLE") || line.contains("Uncaught") || line.contains("Refused to") || line.contains("net::ERR_")
                || line.contains("Failed to load resource")
        }
    }
}
