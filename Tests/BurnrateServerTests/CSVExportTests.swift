import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every CSV Burnrate writes is safe to open in a spreadsheet: no cell begins with a character
/// that would make it a formula, whatever names the usage carried.
@Suite struct CSVExportTests {
    /// Names a spreadsheet would run as formulas, or treat as such.
    static let hostile = [
        #"=HYPERLINK("http://evil.example","x")"#, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\u{FF1D}1+1",
    ]

    /// Every field of every record of `csv`.
    static func cells(_ csv: String) throws -> [String] {
        try CSVReader.records(csv).flatMap(\.fields)
    }

    /// The cells of `csv` a spreadsheet would take for a formula.
    static func dangerous(_ csv: String) throws -> [String] {
        try cells(csv).filter { cell in
            guard let first = cell.first else { return false }
            return CSVField.formulaPrefixes.contains(first) && !CSVField.isPlainNumber(cell)
        }
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
        ("\r=1", "\"'\r=1\""), ("\r\n=1", "\"'\r\n=1\""), ("\u{FF1D}1", "'\u{FF1D}1"), ("-12.50", "-12.50"), ("-3", "-3"),
        ("0.000000001", "0.000000001"), ("-", "'-"), ("-.5", "'-.5"), ("-1.", "'-1."), ("-1e5", "'-1e5"), ("acme", "acme"),
        ("a=b", "a=b"), ("", ""), ("x,y", "\"x,y\""), ("=a,\"b\"", "\"'=a,\"\"b\"\"\""),
    ])
    func aCellIsNeutralizedUnlessItIsAPlainNumber(cell: String, written: String) {
        #expect(CSVField.escape(cell) == written)
    }

    /// The hostile names the events API stores: those with a tab or a line break are refused at
    /// ingest already (`Limits.hasControlCharacter`), and reach exports only through cost items.
    static let storable = hostile.filter { !Limits.hasControlCharacter($0) }

    /// Usage whose every name is hostile, this month, through the API.
    static func events() throws -> String {
        let now = Date()
        var events: [[String: Any]] = []
        for (index, name) in storable.enumerated() {
            events.append([
                "id": "hostile-\(index)", "timestamp": ISO8601DateFormatter().string(from: now.addingTimeInterval(-Double(index) - 60)),
                "model": index == 0 ? "gpt-4o" : name, "provider": index == 0 ? "openai" : name, "input_tokens": 1000,
                "output_tokens": 10, "tenant": name, "user": name, "feature": name, "team": name, "environment": name,
                "tags": ["region": name],
            ])
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: events), as: UTF8.self)
    }

    @Test func everyExporterNeutralizesHostileNames() async throws {
        let events = try Self.events()
        try await TestServer.withClient { client in
            let stored = try await client.post("/api/v1/events", events)
            #expect(stored.json["accepted"] as? Int == Self.storable.count, "\(stored.text)")
            let cost = try await client.post(
                "/api/v1/costs",
                #"{"id": "hostile-cost", "category": "tools", "service": "=cmd|' /C calc'!A0", "resource": "@SUM(1)", "amount_usd": "12.50", "period_start": "2026-12-01", "period_end": "2027-01-01", "tenant": "+1"}"#
            )
            #expect(cost.status == .ok || cost.status == .created, "\(cost.text)")
            let month = String(ISO8601DateFormatter().string(from: Date()).prefix(7))
            let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            var exports = [
                "/api/v1/reports/\(month)?format=csv", "/api/v1/reports/\(today)?format=csv",
                "/api/v1/reports/chargeback?month=\(month)&by=tenant&format=csv",
                "/api/v1/reports/chargeback?month=\(month)&by=team&format=csv",
                "/api/v1/export/focus?from=2026-01-01&to=2028-01-01", "/?format=csv",
            ]
            // Every table of the Costs page offers a CSV: take each link the page shows.
            let costs = try await client.get("/costs")
            let links = PageText(html: costs.text).all(#"href="(/costs\?[^"]*format=csv[^"]*)""#).map {
                $0.replacingOccurrences(of: "&amp;", with: "&")
            }
            #expect(links.count >= 3, "the Costs page lists its tables' CSV downloads")
            exports += links
            for path in exports {
                let response = try await client.get(path)
                #expect(response.status == .ok, "\(path): \(response.text)")
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true, "\(path)")
                #expect(try Self.dangerous(response.text) == [], "\(path)")
            }
            // The names did reach the exports, written as text.
            let focus = try await client.get("/api/v1/export/focus?from=2026-01-01&to=2028-01-01").text
            #expect(focus.contains(#"'=HYPERLINK(""http://evil.example"",""x"")"#))
            #expect(focus.contains("'@SUM(1)") && focus.contains("'=cmd|' /C calc'!A0"))
            let chargeback = try await client.get("/api/v1/reports/chargeback?month=\(month)&by=tenant&format=csv").text
            #expect(chargeback.contains("'+1+1") && chargeback.contains("'-2+3"))
        }
    }

    @Test func theDailyBillOfDemoBillIsSafeToo() throws {
        let charges = Self.hostile.map { name in
            ProviderCharge(
                provider: name, model: name, period: ChargePeriod(day: UTCDay("2026-11-02")!), amount: Money(usd: "-1.5")!,
                source: .daily, importID: "test")
        }
        let csv = DailyBillWriter.csv(charges)
        #expect(try Self.dangerous(csv) == [])
        #expect(csv.contains("'@SUM(A1)") && csv.contains(",-1.500000000,"))
    }

    @Test func aFocusCreditStaysANumber() throws {
        let row = FocusRow(
            billedCost: Money(usd: "-12.5")!, effectiveCost: Money(usd: "-12.5")!,
            chargePeriodStart: Timestamp(microseconds: 1_790_000_000_000_000),
            chargePeriodEnd: Timestamp(microseconds: 1_790_086_400_000_000),
            chargeDescription: "-refund+1", serviceName: "@vendor", category: .tools, providerName: "=vendor", resourceID: nil, skuID: nil,
            consumedQuantity: nil, consumedUnit: nil, attribution: Attribution(tenant: "-2+3"))
        let csv = FocusWriter.csv([row])
        #expect(try Self.dangerous(csv) == [])
        #expect(csv.contains("\r\n-12.5,USD,") && csv.contains(",'-refund+1,") && csv.contains(",'-2+3,"))
    }
}
