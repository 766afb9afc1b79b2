import BurnrateCore
import Logging
import PostgresNIO
import Synchronization

/// The numbers of `dictionary` and `tag_sets` this process has seen committed, so that ingest
/// encodes a batch's strings itself and asks the database only about values it has not met.
///
/// A number, once given, never changes and is never reused, so what one replica learned stays
/// true whatever the others do. Numbers learned inside a transaction are remembered only once it
/// commits (`remember(_:)`): a rolled-back insert's numbers were never given.
final class PostgresDictionary: Sendable {
    private let known = Mutex(Codes())

    /// Numbers of strings, of tag sets (by their `TagCoding` text) and of sessions' rows.
    struct Codes: Sendable {
        var values: [String: Int32] = [:]
        var tagSets: [String: Int32] = [:]
        var sessions: [String: Int32] = [:]

        func value(_ text: String?) -> Int32? { text.flatMap { values[$0] } }
        func tags(_ text: String?) -> Int32? { text.flatMap { tagSets[$0] } }
        func session(_ id: String?) -> Int32? { id.flatMap { sessions[$0] } }
    }

    /// The most session numbers remembered: a run's calls come over minutes, while a deployment
    /// sees millions of runs, so the numbers are forgotten when there are more.
    static let rememberedSessions = 100_000

    /// The numbers of every string and tag set of `events`, numbering those the database lacks in
    /// `connection`'s transaction.
    func codes(for events: [StoredEvent], on connection: PostgresConnection, logger: Logger) async throws -> Codes {
        var codes = Codes()
        var newValues: Set<String> = []
        var newTagSets: Set<String> = []
        var newSessions: [String: StoredEvent] = [:]
        known.withLock { known in
            for stored in events {
                for case let text? in Self.numberedValues(of: stored.priced) {
                    if codes.values[text] == nil {
                        if let number = known.values[text] { codes.values[text] = number } else { newValues.insert(text) }
                    }
                }
                if let tags = TagCoding.encode(stored.priced.event.tags), codes.tagSets[tags] == nil {
                    if let number = known.tagSets[tags] { codes.tagSets[tags] = number } else { newTagSets.insert(tags) }
                }
                if let session = stored.priced.event.run.sessionID, codes.sessions[session] == nil, newSessions[session] == nil {
                    if let number = known.sessions[session] { codes.sessions[session] = number } else { newSessions[session] = stored }
                }
            }
        }
        if !newValues.isEmpty {
            // Sorted, so that writers adding the same values lock them in the same order.
            let texts = newValues.sorted()
            try await connection.query(
                """
                INSERT INTO dictionary (value) SELECT value FROM unnest(\(texts)::text[]) AS fresh (value) ORDER BY value
                ON CONFLICT (value) DO NOTHING
                """, logger: logger)
            let rows = try await connection.query(
                "SELECT value, id FROM dictionary WHERE value = ANY(\(texts)::text[])", logger: logger)
            for try await (text, number) in rows.decode((String, Int32).self) { codes.values[text] = number }
        }
        if !newTagSets.isEmpty {
            let texts = newTagSets.sorted()
            try await connection.query(
                """
                INSERT INTO tag_sets (tags) SELECT CAST(text AS jsonb) FROM unnest(\(texts)::text[]) AS fresh (text) ORDER BY text
                ON CONFLICT (\(unescaped: PostgresCompactEvents.digest("tags"))) DO NOTHING
                """, logger: logger)
            let rows = try await connection.query(
                """
                SELECT fresh.text, t.id FROM unnest(\(texts)::text[]) AS fresh (text)
                JOIN tag_sets t ON \(unescaped: PostgresCompactEvents.sameTags("t", "CAST(fresh.text AS jsonb)"))
                """, logger: logger)
            for try await (text, number) in rows.decode((String, Int32).self) { codes.tagSets[text] = number }
        }
        if !newSessions.isEmpty {
            try await numberSessions(newSessions, codes: &codes, on: connection, logger: logger)
        }
        return codes
    }

    /// Numbers the sessions met for the first time, creating the rows of those the database lacks
    /// with the first call's time and attribution (numbered already in `codes`).
    private func numberSessions(
        _ sessions: [String: StoredEvent], codes: inout Codes, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let sorted = sessions.sorted { $0.key < $1.key }
        let ids = sorted.map(\.key)
        let events = sorted.map(\.value.priced.event)
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(ids)
        bindings.append(events.map(\.timestamp.microseconds))
        let attribution = events.map(\.attribution)
        for dimension in [\Attribution.tenant, \.user, \.feature, \.team, \.environment] {
            // 0 for none: dictionary numbers start at 1, and arrays bind no NULLs.
            bindings.append(attribution.map { codes.value($0[keyPath: dimension]) ?? 0 })
        }
        let columns = SessionSchema.attributionColumns.joined(separator: ", ")
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO sessions (session, first_ts, last_ts, \(columns))
                    SELECT session, ts, ts, \(SessionSchema.attributionColumns.map { "NULLIF(\($0), 0)" }.joined(separator: ", "))
                    FROM unnest($1::text[], $2::int8[], $3::int4[], $4::int4[], $5::int4[], $6::int4[], $7::int4[])
                        AS fresh (session, ts, \(columns))
                    ORDER BY session ON CONFLICT (session) DO NOTHING
                    """, binds: bindings), logger: logger)
        let rows = try await connection.query("SELECT session, id FROM sessions WHERE session = ANY(\(ids)::text[])", logger: logger)
        for try await (session, number) in rows.decode((String, Int32).self) { codes.sessions[session] = number }
    }

    /// Keeps the numbers of a committed transaction.
    func remember(_ codes: Codes) {
        known.withLock { known in
            known.values.merge(codes.values) { old, _ in old }
            known.tagSets.merge(codes.tagSets) { old, _ in old }
            if known.sessions.count + codes.sessions.count > Self.rememberedSessions { known.sessions.removeAll() }
            known.sessions.merge(codes.sessions) { old, _ in old }
        }
    }

    /// The strings of an event that `event_rows` keeps as numbers, in the order of
    /// `PostgresCompactEvents.codedColumns` (`nil` where the event has none).
    static func codedValues(of priced: PricedEvent) -> [String?] {
        let event = priced.event
        let attribution = event.attribution
        return [
            event.provider, event.model, event.serviceTier, event.status.rawValue, attribution.tenant, attribution.user,
            attribution.feature, attribution.team, attribution.environment, priced.pricing?.priceID, priced.pricing?.tier,
            priced.pricing?.unbilled.storedText,
        ]
    }

    /// Every string of an event `event_rows` keeps as a number: `codedValues(of:)` and the step.
    static func numberedValues(of priced: PricedEvent) -> [String?] {
        codedValues(of: priced) + [priced.event.run.step]
    }
}
