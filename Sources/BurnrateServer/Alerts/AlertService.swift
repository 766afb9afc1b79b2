import BurnrateCore
import BurnrateStore
import Logging
import ServiceLifecycle

/// Evaluates the alert rules every `interval` in the background. Every replica runs the loop;
/// the store's `runExclusively` lets one of them evaluate per interval.
public struct AlertService: Service {
    let evaluator: AlertEvaluator
    let store: any LedgerStore
    let interval: Duration
    let logger: Logger

    init(evaluator: AlertEvaluator, store: any LedgerStore, interval: Duration, logger: Logger) {
        self.evaluator = evaluator
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await evaluateIfDue()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Evaluates unless another replica did within the interval; failures are logged and the
    /// next tick tries again.
    func evaluateIfDue() async {
        do {
            // A little less than the interval, so that a tick arriving a moment early still runs.
            _ = try await store.runExclusively(job: "alert-evaluation", interval: interval * 0.9, now: .now()) {
                let evaluation = try await evaluator.evaluate()
                if !evaluation.notifications.isEmpty || !evaluation.failedRules.isEmpty {
                    logger.info(
                        "Alert evaluation",
                        metadata: ["changed": "\(evaluation.changed.count)", "notifications": "\(evaluation.notifications.count)"])
                }
            }
        } catch {
            logger.warning("Alert evaluation failed; it will be retried", metadata: ["error": "\(error)"])
        }
    }
}
