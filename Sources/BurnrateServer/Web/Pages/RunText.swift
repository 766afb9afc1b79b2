import BurnrateCore
import Foundation

/// How the Sessions pages write a run's durations, offsets and ids for people.
enum RunText {
    /// `420 ms`, `12.3 s`, `4 min 12 s`, `2 h 5 min`.
    static func duration(seconds: Double) -> String {
        // Past a million years it is no duration a run had, and `Int` conversion would trap.
        guard seconds.isFinite, seconds >= 0, seconds < 3e13 else { return "n/a" }
        if seconds < 1 { return "\(Int((seconds * 1_000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3_600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3_600) h \(whole % 3_600 / 60) min"
    }

    /// `+1.234 s`: a call's start after the run's first call, with a no-break space so that it
    /// stays on one line.
    static func offset(microseconds: Int64) -> String {
        String(format: "+%.3f\u{00A0}s", Double(microseconds / 1_000) / 1_000)
    }

    /// An id or name cut to `limit` characters with an ellipsis, so that a long one cannot widen
    /// a table; links and CSV keep it whole.
    static func short(_ text: String, limit: Int = 32) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// `2026-12-06 10:42:05`: a time in UTC, as the latest requests table writes it.
    static func time(_ instant: Timestamp) -> String {
        String(instant.rfc3339.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}
