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

    /// Numbers of strings and of tag sets (by their `TagCoding` text).
    struct Codes: Sendable {
        var values: [String: Int32] = [:]
        var tagSets: [String: Int32] = [:]

        func value(_ text: String?) -> Int32? { text.flatMap { values[$0] } }
        func tags(_ text: String?) -> Int32? { text.flatMap { tagSets[$0] } }
    }

    /// The numbers of every string and tag set of `events`, numbering those the database lacks in
    /// `connection`'s transaction.
    func codes(for events: [StoredEvent], on connection: PostgresConnection, logger: Logger) async throws -> Codes {
        var codes = Codes()
        var newValues: Set<String> = []
        var newTagSets: Set<String> = []
        known.withLock { known in
            for stored in events {
                for case let text? in Self.codedValues(of: stored.priced) {
                    if codes.values[text] == nil {
                        if let number = known.values[text] { codes.values[text] = number } else { newValues.insert(text) }
                    }
                }
                if let tags = TagCoding.encode(stored.priced.event.tags), codes.tagSets[tags] == nil {
                    if let number = known.tagSets[tags] { codes.tagSets[tags] = number } else { newTagSets.insert(tags) }
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
        return codes
    }

    /// Keeps the numbers of a committed transaction.
    func remember(_ codes: Codes) {
        known.withLock { known in
            known.values.merge(codes.values) { old, _ in old }
            known.tagSets.merge(codes.tagSets) { old, _ in old }
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
}
