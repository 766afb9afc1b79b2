import BurnrateCore
import Foundation
import Testing

@testable import BurnrateServer

/// Alerts come out of the API as valid JSON whatever their figures hold: one figure JSON cannot
/// write made the whole `GET /api/v1/alerts` list unreadable.
@Suite struct AlertPresenterTests {
    /// An alert as the store returns it.
    static let alert = Alert(
        id: "alert-7", rule: "dimension_spike", key: "feature/nightly-batch", state: .firing, severity: .warning,
        summary: "Feature 'nightly-batch' spiked at 2026-11-28T03:00", figures: [], labels: ["feature": "nightly-batch"],
        link: "/api/v1/breakdown?feature=nightly-batch", startedAt: Timestamp(rfc3339: "2026-11-28T04:00:00Z")!,
        firedAt: Timestamp(rfc3339: "2026-11-28T04:00:00Z")!)

    @Test func figuresThatAreNoFiniteNumberStayStrings() throws {
        var alert = Self.alert
        alert.figures = [
            .usd("cost_usd", Money(dollars: 25)), .usd("expected_usd", .zero),
            // What versions before the fix stored for a spike where nothing was expected.
            AlertFigure(name: "ratio", unit: .ratio, value: "inf.00"),
            .ratio("z_score", .nan), .percent("used_percent", .infinity), .ratio("factor", 2.5), .count("requests", 12),
        ]
        let text = AlertPresenter.json(alert).serialized(indent: 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        let figures = try #require(object["figures"] as? [String: Any])
        #expect(figures["ratio"] as? String == "inf.00")
        #expect(figures["z_score"] as? String == "n/a")
        #expect(figures["used_percent"] as? String == "∞")
        #expect(figures["factor"] as? Double == 2.5)
        #expect(figures["requests"] as? Int == 12)
        #expect(figures["expected_usd"] as? String == "0.000000000")
    }

    @Test func aStatisticThatIsNotFiniteIsNull() {
        #expect(JSONValue.double(.infinity) == .null)
        #expect(JSONValue.double(-.infinity) == .null)
        #expect(JSONValue.double(.nan) == .null)
        #expect(JSONValue.double(1.5).serialized() == "1.5")
        #expect(JSONValue.double(1e20).serialized() == "1e+20")
    }
}
