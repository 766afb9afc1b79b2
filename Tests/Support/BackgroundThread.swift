public import Foundation

/// Long computations of the test suite, such as the labelled alert benchmarks, off Swift
/// concurrency's few threads and below them in priority.
///
/// The suite runs hundreds of tests at once on a machine of two cores. A benchmark computing for a
/// minute on a thread of normal priority takes a core from the threads that serve every other
/// test's servers, timers and connection pools, and their timeouts (a webhook retry, a
/// PostgreSQL connection, an OpenTelemetry export) expire. At the lowest priority it runs on what
/// they leave.
public enum BackgroundThread {
    /// `work`'s result, computed on a new thread at the lowest scheduling priority.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread {
                // On Linux a thread is its own task: `who` 0 is this thread, not the process.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
                continuation.resume(returning: work())
            }.start()
        }
    }
}
