/// Counts failed sign-ins so that keys cannot be guessed at speed: at most `perClient` failures
/// per client and `overall` failures in all per `window`; past either, every sign-in (even with
/// a right key) is refused until the window that filled up ends.
///
/// A client is named by the caller (the dashboard uses the last `X-Forwarded-For` address, which
/// a reverse proxy sets, or one name for every direct client: Hummingbird's basic request
/// context does not carry the peer's address). The overall limit holds even when clients lie
/// about their address. At most `maximumClients` clients are tracked; when more fail, the one
/// whose window started first is forgotten, so memory stays bounded.
actor SignInLimiter {
    /// How many failures are allowed, and over how long.
    struct Limits: Sendable {
        var perClient = 10
        var overall = 100
        var window = Duration.seconds(60)
        var maximumClients = 10_000
    }

    /// Failures counted since `start`.
    struct Window: Sendable {
        var start: ContinuousClock.Instant
        var failures: Int
    }

    let limits: Limits
    private var clients: [String: Window] = [:]
    private var all: Window?

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// How long `client` must wait before trying again; `nil` when it may try now.
    func retryAfter(client: String, now: ContinuousClock.Instant = .now) -> Duration? {
        var wait: Duration?
        if let all, let remaining = remaining(all, limit: limits.overall, now: now) { wait = remaining }
        if let window = clients[client], let remaining = remaining(window, limit: limits.perClient, now: now) {
            wait = max(wait ?? .zero, remaining)
        }
        return wait
    }

    /// Counts a failed sign-in of `client`.
    func recordFailure(client: String, now: ContinuousClock.Instant = .now) {
        all = counted(all, now: now)
        if clients[client] == nil, clients.count >= limits.maximumClients {
            clients = clients.filter { now - $0.value.start < limits.window }
            if clients.count >= limits.maximumClients, let oldest = clients.min(by: { $0.value.start < $1.value.start })?.key {
                clients.removeValue(forKey: oldest)
            }
        }
        clients[client] = counted(clients[client], now: now)
    }

    /// The number of clients tracked, for tests of the memory bound.
    var trackedClients: Int { clients.count }

    /// `window` with one more failure, or a new window when it has ended.
    private func counted(_ window: Window?, now: ContinuousClock.Instant) -> Window {
        guard var window, now - window.start < limits.window else { return Window(start: now, failures: 1) }
        window.failures += 1
        return window
    }

    /// The time left in `window` when it holds `limit` failures or more.
    private func remaining(_ window: Window, limit: Int, now: ContinuousClock.Instant) -> Duration? {
        let elapsed = now - window.start
        guard window.failures >= limit, elapsed < limits.window else { return nil }
        return limits.window - elapsed
    }
}
