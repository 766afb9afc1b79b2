import BurnrateCatalog
import BurnrateCore
import Testing

@Suite struct CostItemDecoderTests {
    static let now = Timestamp(rfc3339: "2026-11-23T12:00:00Z")!
    static let rates = try! BuiltinGPURates.table()

    static func decode(_ body: String) throws(CostItemDecoder.Failure) -> [CostItemDecoder.Decoded] {
        try CostItemDecoder.decodeJSON(Array(body.utf8), rates: rates, now: now)
    }

    static func issues(_ body: String) -> [FieldIssue] {
        do {
            _ = try decode(body)
        } catch {
            if case .invalid(let issues) = error { return issues }
        }
        return []
    }

    @Test func decodesOneItemWithEveryField() throws {
        let decoded = try Self.decode(
            """
            {"id": "dd-2026", "category": "tools", "service": "Datadog", "resource": "pro-plan", "provider": "Datadog",
             "amount_usd": "1850.25", "billed_cost_usd": 2000, "period_start": "2026-01-01", "recurrence": "monthly",
             "team": "platform", "tags": {"plan": "pro"}, "allocate_by": "team", "allocation_basis": "requests"}
            """)
        let item = try #require(decoded.first?.item)
        #expect(item.id == "dd-2026" && item.category == .tools && item.amount == Money(usd: "1850.25")!)
        #expect(item.billedCost == Money(dollars: 2_000))
        #expect(item.periodEnd == nil && item.recurrence == .monthly)
        #expect(item.allocation == CostAllocationRule(target: .team, basis: .requests))
        #expect(item.attribution.team == "platform" && item.tags == ["plan": "pro"] && item.source == "api")
    }

    @Test func aFractionalAmountIsADecimalString() throws {
        func item(_ amount: String) -> String {
            #"{"category": "tools", "service": "Datadog", "amount_usd": \#(amount), "period_start": "2026-01-01", "recurrence": "monthly"}"#
        }
        let found = Self.issues(item("1850.25"))
        #expect(found.map(\.field) == ["amount_usd"] && found.first?.message.contains(#""1850.25""#) == true, "\(found)")
        #expect(try Self.decode(item(#""1850.25""#))[0].item.amount == Money(usd: "1850.25")!)
        #expect(try Self.decode(item("1850.00"))[0].item.amount == Money(dollars: 1_850))
    }

    @Test func itemsWithoutIdsGetTheSameIdEachTime() throws {
        let body =
            #"{"items": [{"category": "storage", "service": "S3", "amount_usd": 5, "period_start": "2026-10-01", "period_end": "2026-11-01"}]}"#
        let first = try Self.decode(body)[0].item.id
        #expect(first.hasPrefix("cost-"))
        #expect(try Self.decode(body)[0].item.id == first)
    }

    @Test func theGPUFormComputesTheAmount() throws {
        let decoded = try Self.decode(
            #"{"gpu": {"type": "h100", "count": 8, "hours": 720, "cloud": "aws", "pricing": "reserved", "discount_percent": 40}, "period_start": "2026-10-01"}"#
        )
        let item = decoded[0].item
        #expect(item.amount == Money(usd: "23777.28")!)
        #expect(item.category == .compute && item.service == "8× H100 GPU on AWS" && item.provider == "AWS")
        #expect(item.periodEnd == Timestamp(rfc3339: "2026-10-31T00:00:00Z"))
        #expect(decoded[0].gpu?.perGPUHour == Money(usd: "6.88")!)
        let monthly = try Self.decode(
            #"{"gpu": {"type": "l4", "count": 2, "rate_usd_per_hour": "0.80"}, "period_start": "2026-10-01", "recurrence": "monthly", "service": "GKE L4 pool"}"#
        )
        #expect(monthly[0].item.amount == Money(usd: "1168")!)
        #expect(monthly[0].item.service == "GKE L4 pool")
        let period = try Self.decode(
            #"{"gpu": {"type": "a100-80gb", "cloud": "azure"}, "period_start": "2026-10-01", "period_end": "2026-10-02"}"#)
        #expect(period[0].item.amount == Money(usd: "88.152")!)
    }

    @Test(arguments: [
        (
            #"{"category": "gpus", "service": "x", "amount_usd": 1, "period_start": "2026-10-01", "period_end": "2026-10-02"}"#, "category",
            "is not one of"
        ),
        (
            #"{"category": "compute", "service": "x", "amount_usd": "ten", "period_start": "2026-10-01", "period_end": "2026-10-02"}"#,
            "amount_usd", "decimal amount"
        ),
        (
            #"{"category": "compute", "service": "x", "amount_usd": 1, "period_start": "2026-10-02", "period_end": "2026-10-01"}"#,
            "period_end", "must be after"
        ),
        (
            #"{"category": "compute", "service": "x", "amount_usd": 1, "period_start": "2026-10-01"}"#, "period_end",
            "is required for a one-off"
        ),
        (
            #"{"id": "a/b", "category": "compute", "service": "x", "amount_usd": 1, "period_start": "2026-10-01", "recurrence": "monthly"}"#,
            "id", "must not contain '/'"
        ),
        (
            #"{"category": "compute", "service": "x", "amount_usd": 1, "period_start": "2062-10-01", "period_end": "2062-10-02"}"#,
            "period_start", "years from now"
        ),
        (
            #"{"category": "compute", "service": "x", "amount_usd": 1, "period_start": "2026-10-01", "recurrence": "monthly", "allocation_basis": "tokens"}"#,
            "allocation_basis", "needs allocate_by"
        ),
        (
            #"{"gpu": {"type": "h100", "count": 8, "hours": 1, "cloud": "aws"}, "amount_usd": 5, "period_start": "2026-10-01"}"#,
            "amount_usd", "not both"
        ),
        (#"{"gpu": {"type": "tpu-v5", "hours": 1, "cloud": "gcp"}, "period_start": "2026-10-01"}"#, "gpu.type", "not in the rate table"),
        (#"{"gpu": {"type": "h100", "count": 1, "cloud": "aws"}, "period_start": "2026-10-01"}"#, "gpu.hours", "is required"),
        (
            #"{"gpu": {"type": "h100", "hours": 1, "cloud": "aws", "pricing": "spot"}, "period_start": "2026-10-01"}"#,
            "gpu.discount_percent", "is required for spot"
        ),
    ])
    func badItemsNameTheirField(body: String, field: String, message: String) {
        let issues = Self.issues(body)
        #expect(issues.contains { $0.field == field && $0.message.contains(message) }, "\(issues)")
    }

    @Test func problemsInAListNameTheItemsPath() {
        let issues = Self.issues(
            #"{"items": [{"category": "compute", "service": "x", "amount_usd": 1, "period_start": "2026-10-01", "period_end": "2026-10-02"}, {"category": "compute", "service": "x", "amount_usd": 1, "period_start": "2026-10-02", "period_end": "2026-10-01"}]}"#
        )
        #expect(issues.map(\.field) == ["items[1].period_end"])
        #expect(issues.map(\.index) == [1])
    }
}
