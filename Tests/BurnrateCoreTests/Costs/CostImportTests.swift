import BurnrateCore
import BurnrateTestSupport
import Testing

@Suite struct CostImportTests {
    static let now = Timestamp(rfc3339: "2026-11-23T12:00:00Z")!

    static func parse(_ text: String) throws -> [CostItem] { try CostImport.parse(text, now: now) }

    /// The problems of a file that must not import.
    static func issues(_ text: String) -> [FieldIssue] {
        do {
            _ = try CostImport.parse(text, now: now)
        } catch {
            if case .invalid(let issues) = error { return issues }
        }
        return []
    }

    @Test func readsAnAWSFocusExport() throws {
        let items = try Self.parse(CostFixtures.awsFOCUS)
        #expect(items.map(\.amount.nanos) == CostFixtures.awsFOCUSEffectiveNanos)
        #expect(items.allSatisfy { $0.source == "focus" && $0.recurrence == .once && $0.provider == "AWS" })
        #expect(items.map(\.category) == [.compute, .compute, .compute, .storage, .network, .llmAPI, .tools, .compute, .compute])
        let gpu = items[0]
        #expect(gpu.service == "Amazon Elastic Compute Cloud")
        #expect(gpu.resource == "arn:aws:ec2:us-east-1:210987654321:instance/i-0a1b2c3d4e5f67890")
        #expect(gpu.periodStart == Timestamp(rfc3339: "2026-10-01T00:00:00Z"))
        #expect(gpu.periodEnd == Timestamp(rfc3339: "2026-10-02T00:00:00Z"))
        #expect(gpu.attribution == Attribution(tenant: "acme-corp", team: "search", environment: "production"))
        #expect(gpu.tags["user:team"] == "search")
        #expect(gpu.billedCost == nil)
        #expect(items[1].billedCost == .zero)
        #expect(items[2].billedCost == Money(dollars: 2_400))
        #expect(items[3].resource == "arn:aws:s3:::acme-embeddings-prod")
        #expect(items[5].attribution == Attribution(tenant: "globex", feature: "chat-assistant"))
        #expect(items[5].tags["aws:createdBy"] == "AssumedRole:AROAEXAMPLE:ci")
        #expect(items[6].tags.isEmpty)
    }

    @Test func readsAnAzureFocusExportWithAByteOrderMark() throws {
        let items = try Self.parse(CostFixtures.azureFOCUS)
        #expect(items.map(\.amount) == [Money(usd: "87.1512")!, Money(usd: "31.2")!, Money(usd: "4.6")!])
        #expect(items.map(\.category) == [.compute, .llmAPI, .storage])
        #expect(items[0].billedCost == nil)
        #expect(items[0].attribution == Attribution(tenant: "initech", team: "platform"))
        #expect(items[1].attribution.feature == "summarization")
        #expect(items[1].provider == "Microsoft")
    }

    @Test func importingTheSameFileGivesTheSameIdsAndIdenticalRowsStayDistinct() throws {
        let first = try Self.parse(CostFixtures.awsFOCUS).map(\.id)
        #expect(try Self.parse(CostFixtures.awsFOCUS).map(\.id) == first)
        #expect(Set(first).count == first.count)
        let file = """
            category,service,amount_usd,period_start,period_end
            network,AWS Data Transfer,10,2026-10-01,2026-10-02
            network,AWS Data Transfer,10,2026-10-01,2026-10-02
            """
        let ids = try Self.parse(file).map(\.id)
        #expect(ids.count == 2 && ids[0] != ids[1])
        #expect(ids[1] == ids[0] + "-1")
    }

    @Test func aFocusExportReadBackKeepsItsTotals() throws {
        let items =
            try Self.parse(CostFixtures.awsFOCUS + "\n") + [
                CostItem(
                    id: "datadog", category: .tools, service: "Datadog", amount: Money(usd: "1850.333333333")!,
                    periodStart: Timestamp(rfc3339: "2026-08-15T00:00:00Z")!, periodEnd: nil, recurrence: .monthly,
                    attribution: Attribution(team: "platform"), tags: ["plan": "pro, annual"],
                    allocation: CostAllocationRule(target: .team, basis: .requests), source: "api"),
                CostItem(
                    id: "gpu", category: .compute, service: "GPU \"reserved\"", amount: Money(usd: "9999.999999999")!,
                    billedCost: Money(dollars: 12_000), periodStart: Timestamp(rfc3339: "2026-09-20T06:00:00Z")!,
                    periodEnd: Timestamp(rfc3339: "2026-10-20T06:00:00Z")!, source: "api"),
            ]
        let from = Timestamp(rfc3339: "2026-09-01T00:00:00Z")!
        let to = Timestamp(rfc3339: "2026-11-01T00:00:00Z")!
        let rows = items.flatMap { FocusRow.rows(for: $0, from: from, to: to) }
        let exported = FocusWriter.csv(rows)
        let reread = try Self.parse(exported)
        #expect(reread.count == rows.count)
        let expected = items.reduce(Money.zero) { $0 + CostSpread.amount(of: $1, from: from, to: to) }
        #expect(reread.reduce(Money.zero) { $0 + $1.amount } == expected)
        for category in CostCategory.allCases {
            let before = items.filter { $0.category == category }.reduce(Money.zero) { $0 + CostSpread.amount(of: $1, from: from, to: to) }
            let after = reread.filter { $0.category == category }.reduce(Money.zero) { $0 + $1.amount }
            #expect(before == after, "\(category)")
        }
        let datadog = reread.filter { $0.service == "Datadog" }
        #expect(datadog.count == 2)
        #expect(
            datadog.allSatisfy { $0.allocation == CostAllocationRule(target: .team, basis: .requests) && $0.tags["plan"] == "pro, annual" })
        #expect(reread.first { $0.service == "GPU \"reserved\"" }?.billedCost != nil)
        #expect(try Self.parse(exported).map(\.id) == reread.map(\.id))
    }

    @Test func readsTheSimpleFormat() throws {
        let file = """
            category,service,resource,amount_usd,period_start,period_end,recurrence,tenant,team,allocate_by,allocation_basis,tags,tag.region
            compute,AWS EC2,gpu-cluster-a,12000.50,2026-10-01,,monthly,,,tenant,gpu_seconds,"{""owner"": ""ml""}",us
            storage,Pinecone,,380,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,,acme-corp,search,,,,
            """
        let items = try Self.parse(file)
        #expect(items.count == 2)
        #expect(items[0].recurrence == .monthly && items[0].periodEnd == nil)
        #expect(items[0].allocation == CostAllocationRule(target: .tenant, basis: .gpuSeconds))
        #expect(items[0].tags == ["owner": "ml", "region": "us"])
        #expect(items[0].amount == Money(usd: "12000.5")!)
        #expect(items[1].attribution == Attribution(tenant: "acme-corp", team: "search"))
        #expect(items.allSatisfy { $0.source == "csv" && $0.id.hasPrefix("csv-") })
    }

    @Test func everyBadRowIsReportedWithItsLineAndColumn() {
        let file = """
            category,service,amount_usd,period_start,period_end
            compute,AWS EC2,100,2026-10-01,2026-11-01
            gpus,AWS EC2,100,2026-10-01,2026-11-01
            compute,AWS EC2,lots,2026-10-01,2026-11-01
            compute,AWS EC2,100,2026-11-01,2026-10-01
            compute,AWS EC2,100,2026-10-01
            compute,,100,yesterday,2026-11-01
            """
        let located = Set(Self.issues(file).map { "\($0.line ?? 0):\($0.field ?? "")" })
        #expect(located == ["3:category", "4:amount_usd", "5:period_end", "6:", "7:service", "7:period_start"])
    }

    @Test func everyBadFocusRowIsReportedWithItsLineAndColumn() {
        let header = "BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName,ServiceCategory,Tags"
        let file = [
            header,
            "1,1,USD,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,EC2,Compute,",
            "1,1,EUR,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,EC2,Compute,",
            "1,1.2e3,USD,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,EC2,Compute,",
            "1,1,USD,2026-10-02T00:00:00Z,2026-10-01T00:00:00Z,EC2,Compute,",
            "1,1,USD,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,EC2,Compute,{not json}",
            "1,1,USD,,2026-10-02T00:00:00Z,EC2,Compute,",
        ].joined(separator: "\n")
        let located = Set(Self.issues(file).map { "\($0.line ?? 0):\($0.field ?? "")" })
        #expect(located == ["3:BillingCurrency", "4:EffectiveCost", "5:ChargePeriodEnd", "6:Tags", "7:ChargePeriodStart"])
    }

    @Test func aHeaderOfNeitherFormatOrAMissingColumnIsRefused() {
        #expect(throws: CostImportError.unrecognizedHeader(columns: ["date", "cost"])) { try Self.parse("date,cost\n2026-10-01,5") }
        #expect(throws: CostImportError.empty) { try Self.parse("category,service,amount_usd,period_start\n") }
        let missing = Self.issues("BilledCost,ChargePeriodStart,ServiceName\n1,2026-10-01,EC2")
        #expect(missing.map(\.field) == ["ChargePeriodEnd"])
        let unknown = Self.issues("category,service,amount_usd,period_start,colour\ncompute,x,1,2026-10-01,red")
        #expect(unknown.map(\.field) == ["colour"])
        let open = Self.issues("category,service,amount_usd,period_start\ncompute,\"x,1,2026-10-01")
        #expect(open.map(\.line) == [2])
    }
}
