import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import Foundation
import Testing

/// The example scenarios shipped in `examples/scenarios/` load against the built-in catalog and
/// project 12 months.
@Suite struct BusinessScenarioExamplesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/scenarios")

    @Test(arguments: ["content-startup.yaml", "enterprise-team.yaml", "ai-product.yaml"])
    func exampleLoadsAndProjects(file: String) throws {
        let path = Self.directory.appendingPathComponent(file).path
        let document = try ROIFile.load(path: path, catalog: try BuiltinCatalog.catalog())
        guard case .business(let scenario, let options) = document else {
            Issue.record("\(file) is not a business scenario")
            return
        }
        #expect(options.months == 12)
        #expect(scenario.deployment != nil)
        let analysis = try options.analysis(of: scenario)
        let months = scenario.months(12, adjustment: analysis.scenario.adjustment)
        #expect(months.count == 12)
        #expect(months.allSatisfy { $0.apiCost > .zero && $0.selfHostedCost > .zero })
        // API cost grows with volume; the months' savings add up to the cumulative figure.
        #expect(months[11].apiCost > months[0].apiCost)
        #expect(months.reduce(Money.zero) { $0 + $1.savings } == months[11].cumulativeSavings)
        #expect(analysis.projection.rows.count == 12)
        #expect(analysis.projection.npv != nil)
        let text = ROIReport(analysis: analysis, business: scenario).render(.table)
        #expect(text.hasPrefix("Business scenario: \(scenario.name)"))
        #expect(text.contains("API cost against self-hosted cost"))
        let json = ROIPresenter.json(analysis, business: scenario).serialized()
        #expect(json.contains("\"business\""))
    }

    @Test func yamlErrorsNameTheField() {
        #expect {
            try ROIFile.parse("monthly_savings_usd: lots\nmonths: 0\n", catalog: try BuiltinCatalog.catalog())
        } throws: { error in
            let fields = ((error as? ROIInputError)?.issues ?? []).compactMap(\.field)
            return fields.sorted() == ["monthly_savings_usd", "months"]
        }
    }
}
