import BurnrateCore
import BurnrateStore
import ServiceLifecycle
import Synchronization

/// A value that takes long to compute, kept ready so that pages never wait for it: the
/// Executive page's savings opportunities, which read raw events (prompt repetition, batch
/// share) and take seconds on millions of them.
///
/// Run as a service, it computes the value when the server starts and again every `lifetime`.
/// A reader given a value older than `lifetime` gets it at once and starts a refresh; only a
/// reader that comes before the first value (a router without the service, as in tests) waits.
/// Concurrent readers share one computation.
final class RefreshingValue<Value: Sendable>: Service, Sendable {
    private struct State {
        var value: (at: Timestamp, value: Value)?
        var refresh: Task<Value, any Error>?
    }

    let lifetime: Duration
    private let compute: @Sendable (Timestamp) async throws -> Value
    private let state = Mutex(State())

    /// - Parameter compute: the value as of the instant given.
    init(lifetime: Duration, compute: @escaping @Sendable (Timestamp) async throws -> Value) {
        self.lifetime = lifetime
        self.compute = compute
    }

    /// The last value, or the first one once computed; a value older than `lifetime` at `now`
    /// starts a refresh as of `now`.
    func value(now: Timestamp) async throws -> Value {
        let (cached, refresh) = state.withLock { state -> (Value?, Task<Value, any Error>?) in
            if let value = state.value, now < value.at.adding(seconds: lifetime.components.seconds) { return (value.value, nil) }
            return (state.value?.value, startRefresh(&state, now: now))
        }
        if let cached { return cached }
        return try await refresh!.value
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let refresh = self.state.withLock { self.startRefresh(&$0, now: .now()) }
                // A shutdown stops the computation too, not only the wait for it.
                _ = try? await withTaskCancellationHandler {
                    try await refresh.value
                } onCancel: {
                    refresh.cancel()
                }
                try await Task.sleep(for: self.lifetime)
            }
        }
    }

    /// The refresh under way, or a new one as of `now`.
    private func startRefresh(_ state: inout State, now: Timestamp) -> Task<Value, any Error> {
        if let refresh = state.refresh { return refresh }
        let refresh = Task {
            do {
                let value = try await compute(now)
                self.state.withLock { $0 = State(value: (now, value), refresh: nil) }
                return value
            } catch {
                self.state.withLock { $0.refresh = nil }
                throw error
            }
        }
        state.refresh = refresh
        return refresh
    }
}

extension RefreshingValue where Value == RecommendationReport {
    /// The recommendations of `GET /api/v1/recommendations` for the 30 days before each refresh.
    static func savingsOpportunities(
        ledger: Ledger, analytics: CostAnalytics, settings: RecommendationConfiguration, lifetime: Duration = .seconds(900)
    ) -> RefreshingValue<RecommendationReport> {
        RefreshingValue(lifetime: lifetime) { now in
            let scope = AnalyticsScope.lastThirtyDays(to: now, calendar: analytics.calendar)
            let figures = try await analytics.recommendationFigures(scope, configuration: settings, catalog: try await ledger.catalog())
            return Recommendations.evaluate(figures)
        }
    }
}
