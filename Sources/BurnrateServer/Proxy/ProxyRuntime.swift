import BurnrateCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The proxy's long-lived parts: its settings, the upstream client it forwards with, the recorder
/// and its metrics. `buildApplication` runs `recorder` and `self` (which shuts the client down)
/// as services.
public final class ProxyRuntime: Service, Sendable {
    public let settings: ProxySettings
    let metrics: ProxyMetrics
    let recorder: ProxyRecorder
    /// `nil` for a router built without an application (as the OpenAPI test does): the proxy
    /// routes then answer 503.
    let client: UpstreamClient?
    let logger: Logger
    private let catalogCache = Mutex<(catalog: PriceCatalog, at: ContinuousClock.Instant)?>(nil)

    /// How long the price catalog is reused before the ledger is asked again.
    static let catalogLifetime = Duration.seconds(1)

    init(settings: ProxySettings, ledger: Ledger, logger: Logger, withClient: Bool) {
        self.settings = settings
        self.logger = logger
        let metrics = ProxyMetrics()
        self.metrics = metrics
        recorder = ProxyRecorder(ledger: ledger, capacity: settings.recorderCapacity, metrics: metrics, logger: logger)
        client =
            withClient
            ? UpstreamClient(
                group: MultiThreadedEventLoopGroup.singleton,
                configuration: .init(
                    connectTimeout: TimeAmount(settings.connectTimeout), readTimeout: TimeAmount(settings.readTimeout)))
            : nil
    }

    /// Waits for shutdown, then closes the client's connections.
    public func run() async throws {
        try? await gracefulShutdown()
        await client?.shutdown()
    }

    /// The ledger's catalog, reused for up to `catalogLifetime` so that a busy proxy does not
    /// read the store's override revision on every request.
    func catalog(from ledger: Ledger) async throws -> PriceCatalog {
        let now = ContinuousClock.now
        if let cached = catalogCache.withLock({ $0 }), now - cached.at < Self.catalogLifetime { return cached.catalog }
        let catalog = try await ledger.catalog()
        catalogCache.withLock { $0 = (catalog, now) }
        return catalog
    }
}
