public import Testing

/// Tags for the tests that run a program from outside the package. Every one of these tests
/// fails, never skips, when its program is missing; the tags let a developer without them run the
/// rest alone (see the README's test section).
extension Tag {
    /// Starts a throwaway PostgreSQL cluster (`initdb`, `pg_ctl`; see `TestPostgres`).
    @Tag public static var postgres: Self
    /// Drives a headless `chromium` (see `TestChromium`).
    @Tag public static var browser: Self
    /// Runs Prometheus's `promtool` or a throwaway `prometheus` (see `TestPrometheus`).
    @Tag public static var prometheus: Self
    /// Runs `python3` with the official OpenAI and Anthropic clients, the OpenTelemetry SDK or
    /// Schemathesis (see `TestPython`).
    @Tag public static var python: Self
    /// Runs the `openssl` command, for a throwaway certificate.
    @Tag public static var openssl: Self
}
