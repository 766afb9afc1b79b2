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

    static func seconds(since start: Date) -> String {
        String(format: "%.1f s", Date().timeIntervalSince(start))
    }
}
