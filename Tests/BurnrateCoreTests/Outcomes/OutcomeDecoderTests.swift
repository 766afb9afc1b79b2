import BurnrateCore
import Testing

@Suite struct OutcomeDecoderTests {
    let now = Timestamp(rfc3339: "2026-11-23T10:00:00Z")!

    func decode(_ json: String) throws(OutcomeDecoder.Failure) -> [Outcome] {
        var counter = 0
        return try OutcomeDecoder.decodeJSON(Array(json.utf8), now: now) {
            counter += 1
            return "generated-\(counter)"
        }
    }

    func issues(_ json: String) -> [FieldIssue] {
        do {
            _ = try decode(json)
            return []
        } catch {
            if case .invalid(let issues) = error { return issues }
            Issue.record("expected invalid fields, got \(error)")
            return []
        }
    }

    @Test func readsTheIssueExampleExactly() throws {
        let outcomes = try decode(#"{"id": "o1", "session_id": "s1", "type": "ticket_resolved", "success": true, "value_usd": "12.00"}"#)
        #expect(
            outcomes == [
                Outcome(id: "o1", sessionID: "s1", type: "ticket_resolved", success: true, value: Money(dollars: 12), timestamp: now)
            ])
    }

    @Test(arguments: [
        #"[{"session_id": "s1", "type": "t", "success": false}, {"session_id": "s2", "type": "t", "success": true}]"#,
        #"{"outcomes": [{"session_id": "s1", "type": "t", "success": false}, {"session_id": "s2", "type": "t", "success": true}]}"#,
    ])
    func readsBatchesAndNamesOutcomesWithoutAnID(_ body: String) throws {
        let outcomes = try decode(body)
        #expect(outcomes.map(\.id) == ["generated-1", "generated-2"])
        #expect(outcomes.map(\.success) == [false, true])
        #expect(outcomes.allSatisfy { $0.value == nil && $0.timestamp == now })
    }

    @Test func valuesAreExactToTheNanoDollar() throws {
        let body = #"""
            [{"session_id": "s", "type": "t", "success": true, "value_usd": "0.000000001", "timestamp": "2026-11-20T08:00:00Z"},
             {"session_id": "s", "type": "t", "success": true, "value_usd": 1000000000},
             {"session_id": "s", "type": "t", "success": true, "value_usd": 2.0}]
            """#
        let outcomes = try decode(body)
        #expect(outcomes.map(\.value) == [Money(nanos: 1), Limits.maximumAmount, Money(nanos: 2_000_000_000)])
        #expect(outcomes[0].timestamp == Timestamp(rfc3339: "2026-11-20T08:00:00Z"))
    }

    @Test(arguments: [
        ("\"1e309\"", "value_usd"), ("1e309", "value_usd"), ("\"-1.00\"", "value_usd"), ("-5", "value_usd"),
        ("\"0.0000000001\"", "value_usd"), ("\"1000000000.000000001\"", "value_usd"), ("\"99999999999999999999\"", "value_usd"),
        ("\"NaN\"", "value_usd"), ("\"12,00\"", "value_usd"), ("true", "value_usd"), ("\"\"", "value_usd"),
        ("0.1", "value_usd"), ("4.50", "value_usd"),
    ])
    func refusesValuesThatAreNotExactAmounts(_ value: String, _ field: String) {
        let found = issues(#"{"session_id": "s", "type": "t", "success": true, "value_usd": \#(value)}"#)
        #expect(found.map(\.field) == [field], "\(value): \(found)")
    }

    @Test func aFractionalNumberIsRefusedWithTheStringToSendInstead() {
        let found = issues(#"{"session_id": "s", "type": "t", "success": true, "value_usd": 0.05}"#)
        #expect(
            found.map(\.message) == [
                #"must be a decimal string such as "0.05" or a whole number: most clients write a JSON number with a fraction as binary floating point (got 0.05)"#
            ])
    }

    @Test func reportsEveryProblemOfEveryOutcome() {
        let long = String(repeating: "x", count: 257)
        let body = """
            [{"type": "t", "success": true},
             {"session_id": "\(long)", "type": "\(String(repeating: "y", count: 65))", "success": "yes"},
             {"session_id": " ", "type": "a\\nb", "success": true, "extra": 1, "timestamp": "2026-11-25T10:00:00Z"},
             {"id": "", "session_id": "s", "type": "t"}]
            """
        let found = issues(body).map { "\($0.index ?? -1):\($0.field ?? "")" }
        #expect(
            Set(found) == [
                "0:session_id", "1:session_id", "1:type", "1:success", "2:session_id", "2:type", "2:extra", "2:timestamp", "3:id",
                "3:success",
            ])
    }

    @Test func refusesEmptyAndOversizedBatches() throws {
        #expect(throws: OutcomeDecoder.Failure.empty) { try decode("[]") }
        #expect(throws: OutcomeDecoder.Failure.empty) { try decode(#"{"outcomes": []}"#) }
        let one = #"{"session_id": "s", "type": "t", "success": true}"#
        let many = "[" + Array(repeating: one, count: OutcomeDecoder.maximumOutcomes + 1).joined(separator: ",") + "]"
        #expect(throws: OutcomeDecoder.Failure.tooManyOutcomes(count: OutcomeDecoder.maximumOutcomes + 1)) { try decode(many) }
        let most = "[" + Array(repeating: one, count: OutcomeDecoder.maximumOutcomes).joined(separator: ",") + "]"
        #expect(try decode(most).count == OutcomeDecoder.maximumOutcomes)
        #expect(issues(#"{"outcomes": {"session_id": "s"}}"#).map(\.field) == ["outcomes"])
        do {
            _ = try decode("{")
            Issue.record("a truncated body was accepted")
        } catch {
            guard case .malformed = error else {
                Issue.record("expected malformed, got \(error)")
                return
            }
        }
    }

    @Test func theSameResultIgnoresTheTimestamp() {
        let outcome = Outcome(id: "o", sessionID: "s", type: "t", success: true, value: Money(dollars: 1), timestamp: now)
        var later = outcome
        later.timestamp = now.adding(seconds: 60)
        #expect(outcome.recordsSameResult(as: later))
        var failed = outcome
        failed.success = false
        #expect(!outcome.recordsSameResult(as: failed))
        var valueless = outcome
        valueless.value = nil
        #expect(!outcome.recordsSameResult(as: valueless))
    }
}
