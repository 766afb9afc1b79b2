import BurnrateCore
import Foundation

/// Writes priced events as CSV rows with the 31 columns of the `events` table, in the order and
/// encoding `SQLiteLedgerStore` binds them (time in epoch microseconds, booleans as 0/1, money in
/// nano-USD, tags as compact JSON with sorted keys), so that the baselines load the same rows.
///
/// `NULL` is an empty unquoted field and an empty string a quoted `""`, which is what
/// PostgreSQL's `COPY ... (FORMAT csv)` reads by default.
final class RowsCSV {
    static let header = """
        id,ts,provider,model,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,\
        cache_write_1h_tokens,reasoning_tokens,batch,service_tier,latency_ms,status,tenant,user_id,feature,\
        team,environment,tags,prompt_hash,gpu_seconds,price_id,tier,long_context,cost_input,\
        cost_cache_read,cost_cache_write,cost_output,cost_total,ingested_at
        """

    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ScaleError("cannot create \(path)")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(4 << 20)
        buffer.append(contentsOf: Self.header.utf8)
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Appends the rows of one batch and writes them out.
    func write(_ events: [PricedEvent], ingestedAt: Timestamp) throws {
        for priced in events { append(priced, ingestedAt: ingestedAt) }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll()
        try handle.close()
    }

    /// The tags as the store encodes them (`TagCoding.encode`): `NULL` without tags.
    static func tagsJSON(_ tags: [String: String]) -> String? {
        guard !tags.isEmpty else { return nil }
        return JSONValue.fields(tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).serialized()
    }

    private func append(_ priced: PricedEvent, ingestedAt: Timestamp) {
        let event = priced.event
        let usage = event.usage
        let cost = priced.cost
        text(event.id)
        int(event.timestamp.microseconds)
        text(event.provider)
        text(event.model)
        int(usage.inputTokens)
        int(usage.outputTokens)
        int(usage.cacheReadTokens)
        int(usage.cacheWriteTokens)
        int(usage.cacheWrite1hTokens)
        int(usage.reasoningTokens)
        int(event.batch ? 1 : 0)
        text(event.serviceTier)
        int(event.latencyMs)
        text(event.status.rawValue)
        text(event.attribution.tenant)
        text(event.attribution.user)
        text(event.attribution.feature)
        text(event.attribution.team)
        text(event.attribution.environment)
        text(Self.tagsJSON(event.tags))
        text(event.promptHash)
        if let seconds = event.gpuSeconds { raw(String(seconds)) } else { raw("") }
        text(priced.pricing?.priceID)
        text(priced.pricing?.tier)
        int((priced.pricing?.longContext ?? false) ? 1 : 0)
        int(cost.uncachedInput.nanos)
        int(cost.cacheRead.nanos)
        int(cost.cacheWrite.nanos)
        int(cost.output.nanos)
        int(cost.total.nanos)
        int(ingestedAt.microseconds, last: true)
    }

    private func separator(_ last: Bool) {
        buffer.append(last ? UInt8(ascii: "\n") : UInt8(ascii: ","))
    }

    private func raw(_ value: String, last: Bool = false) {
        buffer.append(contentsOf: value.utf8)
        separator(last)
    }

    private func int(_ value: Int64?, last: Bool = false) {
        if let value { buffer.append(contentsOf: String(value).utf8) }
        separator(last)
    }

    private func int(_ value: Int, last: Bool = false) {
        buffer.append(contentsOf: String(value).utf8)
        separator(last)
    }

    private func text(_ value: String?, last: Bool = false) {
        guard let value else { return separator(last) }
        let utf8 = value.utf8
        let needsQuotes = utf8.isEmpty || utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        if needsQuotes {
            buffer.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        } else {
            buffer.append(contentsOf: utf8)
        }
        separator(last)
    }
}

struct ScaleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
