import BurnrateCore
import Synchronization

/// Finishes a streamed exchange exactly once: when its body has been written or failed, or, if
/// the server drops the response before writing its body (the client went away first), when the
/// last reference to it goes. Without the second path such a request would keep its budget
/// reservation for the life of the process and never be recorded.
final class FinishOnce: Sendable {
    private let finish: @Sendable (EventStatus, ReportedUsage?) async -> Void
    private let done = Mutex(false)

    init(_ finish: @escaping @Sendable (EventStatus, ReportedUsage?) async -> Void) {
        self.finish = finish
    }

    /// Finishes with `status` and `reported`, unless already finished.
    func callAsFunction(_ status: EventStatus, _ reported: ReportedUsage?) async {
        guard claim() else { return }
        await finish(status, reported)
    }

    private func claim() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }

    deinit {
        guard claim() else { return }
        let finish = self.finish
        Task { await finish(.error, nil) }
    }
}
