import BurnrateCore
import BurnrateStore
import Logging
import ServiceLifecycle

/// Background work every replica schedules and one replica at a time performs: the store's
/// `runExclusively` decides which (an advisory lock on PostgreSQL), so that each job runs once
/// per interval however many replicas there are.
///
/// Today that is retention; alert evaluation and notifications join it as jobs of their own.
public struct MaintenanceService: Service {
    let store: any LedgerStore
    let retentionMonths: Int?
    let tick: Duration
    let logger: Logger

    /// - Parameters:
    ///   - retentionMonths: whole months of events to keep besides the current one; `nil` keeps
    ///     everything.
    ///   - tick: how often each replica checks whether a job is due.
    public init(store: any LedgerStore, retentionMonths: Int?, tick: Duration = .seconds(60), logger: Logger) {
        self.store = store
        self.retentionMonths = retentionMonths
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        // Stops with the server: a graceful shutdown cancels the wait for the next tick.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runDueJobs(now: .now())
                try await Task.sleep(for: tick)
            }
        }
    }

    /// Runs every job that is due and not running elsewhere; failures are logged and retried on
    /// a later tick.
    public func runDueJobs(now: Timestamp) async {
        guard let retentionMonths else { return }
        let cutoff = Self.retentionCutoff(now: now, months: retentionMonths)
        do {
            _ = try await store.runExclusively(job: "retention", interval: .seconds(3600), now: now) {
                let report = try await store.deleteEvents(before: cutoff)
                logger.info(
                    "Retention deleted events before \(cutoff.rfc3339)",
                    metadata: ["events": "\(report.eventsDeleted)", "partitions": "\(report.partitionsDropped.joined(separator: ","))"])
            }
        } catch {
            logger.warning("Retention failed; it will be retried", metadata: ["error": "\(error)"])
        }
    }

    /// The first instant kept: the start of the month `months` before the current one (UTC).
    public static func retentionCutoff(now: Timestamp, months: Int) -> Timestamp {
        let civil = CalendarDate.civilFromDays(Int(now.microseconds.floorDiv(86_400_000_000)))
        let monthIndex = max(0, civil.year * 12 + (civil.month - 1) - months)
        let days = CalendarDate.daysFromCivil(year: monthIndex / 12, month: monthIndex % 12 + 1, day: 1)
        return Timestamp(microseconds: Int64(days) * 86_400_000_000)
    }
}
