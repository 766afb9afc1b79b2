import BurnrateCatalog
import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// `GET /api/v1/self-hosted` with an owned deployment and hand-computed shares.
@Suite struct SelfHostedAPITests {
    /// $36,000 over 36 months + $200 + $300 = $1,500 a month; 1 token a second of capacity.
    static let rack = Deployment(
        id: "rack", providers: ["self-hosted"],
        cost: .owned(
            purchase: Money(dollars: 36_000), amortizationMonths: 36, monthlyPower: Money(dollars: 200),
            monthlyOperations: Money(dollars: 300)),
        throughputTokensPerSecond: 1)

    static func event(
        _ id: String, _ feature: String, input: Int, provider: String = "self-hosted", model: String = "llama-3.3-70b"
    ) -> String {
        #"{"id": "\#(id)", "timestamp": "2026-11-10T12:00:00Z", "provider": "\#(provider)", "model": "\#(model)", "input_tokens": \#(input), "output_tokens": 0, "feature": "\#(feature)"}"#
    }

    @Test func aMonthsFixedCostIsSharedByTokensWithItsIdleCapacity() async throws {
        var configuration = AppConfiguration(logLevel: .error)
        configuration.deployments = [Self.rack]
        try await TestServer.withClient(configuration: configuration) { client in
            let events = [
                Self.event("c1", "chat", input: 400_000), Self.event("c2", "chat", input: 32_000),
                Self.event("s1", "search", input: 216_000),
                Self.event("api", "chat", input: 1_000_000, provider: "openai", model: "gpt-4o"),
            ]
            let posted = try await client.post("/api/v1/events", "[" + events.joined(separator: ",") + "]")
            #expect(posted.json["accepted"] as? Int == 4)
            let json = try await client.get("/api/v1/self-hosted?from=2026-11-05&to=2026-11-20").json
            #expect(json["from"] as? String == "2026-11-01T00:00:00Z")
            let deployment = try #require((json["deployments"] as? [[String: Any]])?.first)
            #expect(deployment["id"] as? String == "rack")
            let month = try #require((deployment["months"] as? [[String: Any]])?.first)
            #expect(month["fixed_cost_usd"] as? String == "1500.000000000")
            #expect(month["requests"] as? Int == 3)
            #expect(month["tokens"] as? Int == 648_000)
            #expect(month["utilization"] as? Double == 0.25)
            #expect(month["idle_cost_usd"] as? String == "1125.000000000")
            // $1,500 / 648k tokens × 1,000.
            #expect(month["cost_per_1k_tokens_usd"] as? String == "2.314814815")
            let allocations = try #require(month["allocations"] as? [[String: Any]])
            #expect(allocations.map { $0["key"] as? String } == ["chat", "search"])
            #expect(allocations.map { $0["cost_usd"] as? String } == ["1000.000000000", "500.000000000"])
        }
    }

    @Test func theConfigFileDeclaresDeployments() throws {
        let file = try ConfigFile.parse(
            """
            self_hosted:
              - id: rack
                match: {providers: [self-hosted]}
                owned: {purchase_usd: 36000, amortization_months: 36, power_usd_per_month: 200, operations_usd_per_month: 300}
                throughput_tokens_per_second: 1
              - id: pool
                match: {models: [mixtral]}
                cloud: {gpu_type: h100, count: 8, hourly_rate_usd: "2.50", discount: "0.30"}
                allocate_by: gpu_seconds
            """)
        #expect(
            file.deployments == [
                Self.rack,
                Deployment(
                    id: "pool", models: ["mixtral"],
                    cost: .cloud(gpuType: "h100", count: 8, hourlyRate: Money(usd: "2.50")!, discountMillionths: 300_000),
                    basis: .gpuSeconds),
            ])
        #expect {
            try ConfigFile.parse("self_hosted: [{id: x, owned: {purchase_usd: 1, amortization_months: 0}, allocate_by: requests}]")
        } throws: { error in
            let fields = (error as? ConfigFileError)?.issues.compactMap(\.field) ?? []
            return fields.contains("self_hosted.match") && fields.contains("self_hosted.owned.amortization_months")
                && fields.contains("self_hosted.allocate_by")
        }
    }

    @Test func aCloudDeploymentTakesItsRateFromTheGPUTableAndDeclaresItsOffers() throws {
        let file = try ConfigFile.parse(
            """
            self_hosted:
              - id: batch-pool
                match: {models: [llama-3.1-8b]}
                cloud: {gpu_type: A100 80GB, count: 4, cloud: aws, reserved_discount: 0.40, spot_discount: 0.65}
            """)
        let table = try BuiltinGPURates.table()
        let rate = try #require(table.rate(gpu: "a100-80gb", cloud: "aws")).perGPUHour
        #expect(
            file.deployments == [
                Deployment(
                    id: "batch-pool", models: ["llama-3.1-8b"],
                    cost: .cloud(gpuType: "A100 80GB", count: 4, hourlyRate: rate, discountMillionths: 0),
                    offers: CapacityOffers(reservedDiscountMillionths: 400_000, spotDiscountMillionths: 650_000))
            ])
        #expect {
            try ConfigFile.parse(
                "self_hosted: [{id: x, match: {models: [m]}, cloud: {gpu_type: a100-80gb, count: 1, cloud: moon, spot_discount: 1.5}}]")
        } throws: { error in
            let issues = (error as? ConfigFileError)?.issues ?? []
            return issues.contains { $0.field == "self_hosted.cloud.cloud" && $0.message.contains("aws") }
                && issues.contains { $0.field == "self_hosted.cloud.spot_discount" }
        }
    }
}
