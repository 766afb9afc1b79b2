import BurnrateCore
import Testing

/// A call's place in an agent run, from proxy headers and from the events API.
@Suite struct RunPositionTests {
    static func parse(_ headers: [String: String]) throws(AttributionError) -> RunPosition {
        try RunPosition.parse { headers[$0] }
    }

    @Test func headersSetTheRunAndATraceContextFillsTheRest() throws {
        let run = try Self.parse([
            "x-burnrate-session": " run-8f2c ", "x-burnrate-step": "retrieve",
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ])
        #expect(
            run
                == RunPosition(
                    sessionID: "run-8f2c", traceID: "4bf92f3577b34da6a3ce929d0e0e4736", parentID: "00f067aa0ba902b7", step: "retrieve"))
        let explicit = try Self.parse([
            "x-burnrate-trace": "t-1", "x-burnrate-parent": "call-1",
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ])
        #expect(explicit.traceID == "t-1")
        #expect(explicit.parentID == "call-1")
        #expect(try Self.parse([:]).isEmpty)
        #expect(try Self.parse(["x-burnrate-session": "  "]).sessionID == nil)
    }

    @Test(arguments: [
        "0", "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        String(repeating: "-", count: 10_000),
    ])
    func aMalformedTraceContextIsIgnored(_ header: String) throws {
        let run = try Self.parse(["traceparent": header, "x-burnrate-session": "run"])
        #expect(run.traceID == nil && run.parentID == nil)
        #expect(run.sessionID == "run")
    }

    @Test func aLaterVersionMayAddFields() throws {
        let run = try Self.parse(["traceparent": "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next"])
        #expect(run.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func longOrControlValuesAreRefusedNamingTheHeader() throws {
        for (header, value) in [
            ("x-burnrate-session", String(repeating: "s", count: 257)), ("x-burnrate-step", "a\u{0}b"),
            ("x-burnrate-trace", String(repeating: "t", count: 129)), ("x-burnrate-parent", "p\nq"),
        ] {
            #expect(throws: AttributionError.self) { try Self.parse([header: value]) }
            do {
                _ = try Self.parse([header: value])
            } catch {
                #expect(error.field == header)
            }
        }
        #expect(try Self.parse(["x-burnrate-session": String(repeating: "é", count: 256)]).sessionID?.count == 256)
    }

    @Test func theEventsAPIReadsTheRunFields() throws {
        let body =
            #"[{"model": "gpt-4o", "session_id": "run-1", "trace_id": "t", "parent_id": "p", "step": "plan"}, {"model": "gpt-4o", "session_id": ""}]"#
        let events = try EventDecoder.decodeJSON(Array(body.utf8), now: Timestamp(microseconds: 0), makeID: { "id" })
        #expect(events[0].run == RunPosition(sessionID: "run-1", traceID: "t", parentID: "p", step: "plan"))
        #expect(events[1].run.isEmpty)
        let long = #"{"model": "gpt-4o", "trace_id": "\#(String(repeating: "t", count: 129))"}"#
        #expect(throws: EventDecoder.Failure.self) {
            try EventDecoder.decodeJSON(Array(long.utf8), now: Timestamp(microseconds: 0), makeID: { "id" })
        }
    }
}
