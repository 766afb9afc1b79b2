import BurnrateCore
import BurnrateServer
import Testing

/// The `savings` and `recommendations` sections of the config file.
@Suite struct SavingsConfigTests {
    @Test func baselinesRoutingAndNonInteractiveFeaturesAreRead() throws {
        let file = try ConfigFile.parse(
            """
            savings:
              baselines: [gpt-4o, anthropic/claude-sonnet-4-5]
            recommendations:
              routing: {gpt-4o: gpt-4o-mini, anthropic/claude-sonnet-4-5: claude-haiku-4-5}
              non_interactive_features: [summarization]
            """)
        #expect(file.savingsBaselines == ["gpt-4o", "anthropic/claude-sonnet-4-5"])
        #expect(file.recommendations?.routing == ["gpt-4o": "gpt-4o-mini", "anthropic/claude-sonnet-4-5": "claude-haiku-4-5"])
        #expect(file.recommendations?.nonInteractiveFeatures == ["summarization"])
    }

    @Test func mistakesNameTheField() {
        #expect {
            try ConfigFile.parse(
                """
                savings: {baseline: gpt-4o}
                recommendations:
                  routing: {gpt-4o: 5}
                  non_interactive_features: summarization
                """)
        } throws: { error in
            let fields = (error as? ConfigFileError)?.issues.compactMap(\.field) ?? []
            return fields.contains("savings.baseline") && fields.contains("recommendations.routing.gpt-4o")
                && fields.contains("recommendations.non_interactive_features")
        }
    }
}
