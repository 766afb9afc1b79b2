import BurnrateCore
import Testing

@Suite struct EventFileTests {
    let now = Timestamp(rfc3339: "2026-11-23T10:00:00Z")!

    func read(_ text: String, _ format: EventFile.Format) throws(EventDecoder.Failure) -> [UsageEvent] {
        try EventFile.events(from: Array(text.utf8), format: format, now: now)
    }

    @Test func readsCSVWithTagColumnsAndJSONTags() throws {
        let csv = """
            id,timestamp,model,input_tokens,output_tokens,batch,tenant,tag.region,tags
            a,2026-11-01T00:00:00Z,gpt-4o,100,20,true,acme,eu,
            b,2026-11-01T01:00:00Z,gpt-4o,5,1,0,,us,"{""plan"": ""pro""}"
            """
        let events = try read(csv, .csv)
        #expect(events.map(\.id) == ["a", "b"])
        #expect(events[0].batch && !events[1].batch)
        #expect(events[0].usage.inputTokens == 100)
        #expect(events[0].attribution.tenant == "acme" && events[1].attribution.tenant == nil)
        #expect(events[0].tags == ["region": "eu"])
        #expect(events[1].tags == ["region": "us", "plan": "pro"])
    }

    @Test func csvErrorsNameTheFileLine() {
        let csv = "model,input_tokens\ngpt-4o,10\ngpt-4o,ten\ngpt-4o\n"
        #expect {
            try read(csv, .csv)
        } throws: { error in
            guard case EventDecoder.Failure.invalid(let issues) = error else { return false }
            return issues.map(\.line) == [4] && issues[0].message.contains("columns")
        }
        #expect {
            try read("model,input_tokens\ngpt-4o,10\ngpt-4o,ten\n", .csv)
        } throws: { error in
            guard case EventDecoder.Failure.invalid(let issues) = error else { return false }
            return issues.map(\.line) == [3] && issues[0].field == "input_tokens"
        }
    }

    @Test func derivesStableIdsFromTheFileAndLine() throws {
        let text = "{\"model\": \"gpt-4o\"}\n\n{\"model\": \"gpt-4o\", \"id\": \"given\"}\n{\"model\": \"gpt-4o\"}\n"
        let first = try read(text, .ndjson)
        let again = try read(text, .ndjson)
        #expect(first.map(\.id) == again.map(\.id))
        #expect(first[1].id == "given")
        #expect(first[0].id != first[2].id)
        #expect(try read(text + "\n", .ndjson)[0].id != first[0].id)
    }

    @Test func guessesTheFormatFromTheExtension() {
        #expect(EventFile.Format.guess(path: "usage.CSV") == .csv)
        #expect(EventFile.Format.guess(path: "usage.json") == .json)
        #expect(EventFile.Format.guess(path: "usage.ndjson") == .ndjson)
    }

    @Test func demoHistoryIsDeterministicAndRealistic() {
        let generator = DemoGenerator(seed: 7, spikeDay: 20_410)
        let day = generator.events(forDay: 20_409)
        #expect(day == DemoGenerator(seed: 7, spikeDay: 20_410).events(forDay: 20_409))
        #expect(day != DemoGenerator(seed: 8).events(forDay: 20_409))
        let spike = generator.events(forDay: 20_410)
        #expect(spike.count > day.count + 800)
        let week = (20_404...20_410).map { generator.events(forDay: $0) }
        let weekendDays = (20_404...20_410).filter { ($0 + 4) % 7 == 0 || ($0 + 4) % 7 == 6 }
        #expect(weekendDays.count == 2)
        for weekend in weekendDays {
            #expect(week[weekend - 20_404].count < day.count / 2 + 100)
        }
        #expect(Set(day.compactMap(\.attribution.tenant)).count == 6)
        #expect(Set(day.map(\.model)).count >= 8)
        #expect(Set(day.map(\.provider)).count >= 4)
        #expect(day.contains { $0.batch } && day.contains { $0.usage.cacheReadTokens > 0 } && day.contains { $0.status == .error })
        let hashes = Dictionary(grouping: day.compactMap(\.promptHash), by: { $0 })
        #expect(hashes.values.contains { $0.count > 5 })
        #expect(day.allSatisfy { $0.usage.inconsistencies.isEmpty })
    }

    /// A file read a block at a time gives the events a whole read gives, derived ids included.
    @Test func ndjsonReadInBlocksMatchesTheWholeFile() throws {
        let text = """
            {"model": "gpt-4o", "input_tokens": 10, "timestamp": "2026-11-01T00:00:00Z"}

            {"id": "x", "model": "gpt-4o", "tenant": "acme"}
            {"model": "claude-sonnet-4", "output_tokens": 3}
            """
        let bytes = Array(text.utf8)
        let whole = try EventFile.events(from: bytes, format: .ndjson, now: now)
        var hash = ContentHash()
        hash.update(bytes[...])
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated().map {
            (number: $0.offset + 1, bytes: $0.element)
        }
        let blocks = try [lines[..<2], lines[2...]].flatMap { block in
            try EventFile.events(ndjsonLines: Array(block), fileHash: hash.value, now: now)
        }
        #expect(blocks == whole)
        #expect(blocks.map(\.id)[1] == "x")
    }

    /// A problem anywhere in a line names that line of the file, not the line within the event.
    @Test func ndjsonBlockProblemsNameTheFileLine() {
        let lines: [(number: Int, bytes: ArraySlice<UInt8>)] = [
            (41, Array(#"{"model": "gpt-4o"}"#.utf8)[...]), (42, Array(#"{"model": 5}"#.utf8)[...]),
        ]
        #expect {
            try EventFile.events(ndjsonLines: lines, fileHash: "0", now: now)
        } throws: { error in
            guard case EventDecoder.Failure.invalid(let issues) = error else { return false }
            return issues.map(\.line) == [42] && issues[0].field == "model" && issues[0].index == nil
        }
        let broken: [(number: Int, bytes: ArraySlice<UInt8>)] = [
            (41, Array(#"{"model": "gpt-4o"}"#.utf8)[...]), (43, Array("{".utf8)[...]),
        ]
        #expect {
            try EventFile.events(ndjsonLines: broken, fileHash: "0", now: now)
        } throws: { error in
            guard case EventDecoder.Failure.invalid(let issues) = error else { return false }
            return issues.map(\.line) == [43] && issues[0].index == nil
        }
    }
}
