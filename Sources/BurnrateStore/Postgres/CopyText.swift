import BurnrateCore
import NIOCore

/// Rows in the text format of `COPY ... FROM STDIN`: tab-separated, `\N` for NULL, with
/// backslash, tab, newline and carriage return escaped.
enum CopyText {
    /// Appends one event as a row of `event_rows`, its columns in the order of
    /// `PostgresCompactEvents.copyColumns`, its strings and session as the numbers in `codes`.
    static func append(_ stored: StoredEvent, codes: PostgresDictionary.Codes, to buffer: inout ByteBuffer) {
        let priced = stored.priced
        let event = priced.event
        let usage = event.usage
        let cost = priced.cost
        var row = Row(buffer: buffer)
        buffer = ByteBuffer()
        row.number(event.timestamp.microseconds)
        row.number(usage.inputTokens)
        row.number(usage.outputTokens)
        row.number(usage.cacheReadTokens)
        row.number(usage.cacheWriteTokens)
        row.number(usage.cacheWrite1hTokens)
        row.number(usage.reasoningTokens)
        row.number(cost.uncachedInput.nanos)
        row.number(cost.cacheRead.nanos)
        row.number(cost.cacheWrite.nanos)
        row.number(cost.output.nanos)
        row.number(stored.ingestedAt.microseconds)
        row.number(event.latencyMs)
        row.number(event.originalInputTokens)
        row.text(event.gpuSeconds.map { "\($0)" })
        for text in PostgresDictionary.codedValues(of: priced) {
            row.number(codes.value(text).map(Int64.init))
        }
        row.number(codes.tags(TagCoding.encode(event.tags)).map(Int64.init))
        row.flag(event.batch)
        row.flag(priced.pricing?.longContext ?? false)
        row.text(event.id)
        row.text(event.promptHash)
        row.number(codes.session(event.run.sessionID).map(Int64.init))
        row.number(codes.value(event.run.step).map(Int64.init))
        row.text(event.run.traceID)
        row.text(event.run.parentID)
        row.buffer.writeInteger(UInt8(ascii: "\n"))
        buffer = row.buffer
    }

    /// Writes columns with the separators between them.
    private struct Row {
        var buffer: ByteBuffer
        var first = true

        init(buffer: ByteBuffer) {
            self.buffer = buffer
        }

        mutating func separate() {
            if !first { buffer.writeInteger(UInt8(ascii: "\t")) }
            first = false
        }

        mutating func text(_ value: String?) {
            separate()
            guard let value else {
                buffer.writeStaticString("\\N")
                return
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }

        mutating func number(_ value: Int64?) {
            separate()
            guard let value else {
                buffer.writeStaticString("\\N")
                return
            }
            buffer.writeString(String(value))
        }

        mutating func flag(_ value: Bool) {
            separate()
            buffer.writeInteger(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        }
    }
}
