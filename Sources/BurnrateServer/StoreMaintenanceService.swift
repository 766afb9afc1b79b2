import BurnrateStore
import Logging
import ServiceLifecycle

/// Runs the store's housekeeping on an interval until graceful shutdown, so that it never happens
/// inside a request.
struct StoreMaintenanceService: Service {
    let store: any LedgerStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await store.performMaintenance()
                } catch {
                    logger.warning("Store maintenance failed; it will be retried", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
