import BurnrateStore
import Foundation

/// A single progress line on standard error, rewritten in place on a terminal.
enum Progress {
    static let isTerminal = isatty(STDERR_FILENO) == 1

    static func line(_ text: String) {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    static func finish(_ text: String) {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        print(text)
    }

    /// "45% of 383 MB".
    static func share(_ done: Int64, of total: Int64) -> String {
        let percent = total > 0 ? done * 100 / total : 100
        return "\(percent)% of \(total / 1_000_000) MB"
    }

    /// "500000/1000000 events, 52000 events/s, about 10 s left".
    static func rate(done: Int, of total: Int, since start: Date, unit: String) -> String {
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let perSecond = Double(done) / elapsed
        let left = perSecond > 0 ? Double(max(0, total - done)) / perSecond : 0
        // Whole numbers for display only; a clock that jumps must not trap the conversion.
        func whole(_ value: Double) -> Int { value.isFinite ? Int(min(max(value, 0), 1e15)) : 0 }
        return "\(done)/\(total) \(unit), \(whole(perSecond)) \(unit)/s, about \(whole(left.rounded(.up))) s left"
    }

    static func seconds(since start: Date) -> String {
        String(format: "%.1f s", Date().timeIntervalSince(start))
    }

    /// Shows a schema migration's progress on standard error: each step as a line of its own (so
    /// that a server's log says why start-up takes long), the rollup rebuild as a rate.
    static func migration(since start: Date) -> @Sendable (MigrationProgress) -> Void {
        { progress in
            switch progress {
            case .stage(let text):
                if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
                FileHandle.standardError.write(Data("migration: \(text)\n".utf8))
            case .copied(let events, let total):
                line("migration: copied \(rate(done: events, of: total, since: start, unit: "events"))")
            case .rollups(let summed, let total):
                line("migration: rollups \(rate(done: summed, of: total, since: start, unit: "events"))")
            }
        }
    }
}
