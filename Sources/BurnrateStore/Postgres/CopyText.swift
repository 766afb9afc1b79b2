import BurnrateCore
import NIOCore

/// Rows in the text format of `COPY ... FROM STDIN`: tab-separated, `\N` for NULL, with
/// backslash, tab, newline and carriage return escaped.
enum CopyText {
    /// Appends one event as a row, its columns in the order of `EventColumns.names`.
    static func append(_ priced: PricedEvent, ingestedAt: Timestamp, to buffer: inout ByteBuffer) {
        let event = priced.event
        let usage = event.usage
        let cost = priced.cost
        var row = Row(buffer: buffer)
        buffer = ByteBuffer()
        row.text(event.id)
        row.number(event.timestamp.microseconds)
        row.text(event.provider)
        row.text(event.model)
        row.number(usage.inputTokens)
        row.number(usage.outputTokens)
        row.number(usage.cacheReadTokens)
        row.number(usage.cacheWriteTokens)
        row.number(usage.cacheWrite1hTokens)
        row.number(usage.reasoningTokens)
        row.flag(event.batch)
        row.text(event.serviceTier)
        row.number(event.latencyMs)
        row.text(event.status.rawValue)
        row.text(event.attribution.tenant)
        row.text(event.attribution.user)
        row.text(event.attribution.feature)
        row.text(event.attribution.team)
        row.text(event.attribution.environment)
        row.text(TagCoding.encode(event.tags))
        row.text(event.promptHash)
        row.text(event.gpuSeconds.map { "\($0)" })
        row.text(priced.pricing?.priceID)
        row.text(priced.pricing?.tier)
        row.flag(priced.pricing?.longContext ?? false)
        row.number(cost.uncachedInput.nanos)
        row.number(cost.cacheRead.nanos)
        row.number(cost.cacheWrite.nanos)
        row.number(cost.output.nanos)
        row.number(cost.total.nanos)
        row.number(ingestedAt.microseconds)
        row.number(event.originalInputTokens)
        row.text(priced.pricing?.unbilled.storedText)
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
