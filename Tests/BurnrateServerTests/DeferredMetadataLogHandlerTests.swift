import Logging
import Synchronization
import Testing

@testable import BurnrateServer

/// The log handler `burnrate serve` installs: lines as swift-log's stream handler writes them.
@Suite struct DeferredMetadataLogHandlerTests {
    /// Collects what is written to it.
    final class Lines: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        var written: String { text.withLock { $0 } }
    }

    static func logger(writingTo lines: Lines) -> Logger {
        Logger(label: "burnrate") { label in
            DeferredMetadataLogHandler(stream: StreamLogHandler(label: label, stream: lines, metadataProvider: nil))
        }
    }

    @Test func aLineCarriesTheLoggersMetadataAndTheMessages() {
        let lines = Lines()
        var logger = Self.logger(writingTo: lines)
        logger[metadataKey: "hb.request.id"] = "r1"
        logger[metadataKey: "tenant"] = "acme"
        logger.warning("Budget nearly spent", metadata: ["tenant": "globex", "budget": "b1"])
        let line = lines.written
        #expect(line.contains("warning burnrate: budget=b1 hb.request.id=r1 tenant=globex [BurnrateServerTests] Budget nearly spent\n"))
        #expect(logger[metadataKey: "tenant"] == "acme")
    }

    @Test func linesBelowTheLevelAreNotWritten() {
        let lines = Lines()
        var logger = Self.logger(writingTo: lines)
        logger.logLevel = .warning
        logger.info("Request served")
        #expect(lines.written.isEmpty)
        #expect(logger.logLevel == .warning)
    }
}
