import Foundation

/// The demo company's non-token costs over the demo's days: a reserved GPU serving its
/// self-hosted reranker (shared by tenants in proportion to tokens), a monitoring plan (shared by
/// teams in proportion to requests), an LLM tracing subscription, vector database storage for
/// search, network egress (shared by tenants in proportion to requests), and one fine-tuning run
/// on spot GPUs.
///
/// Deterministic like the events: amounts depend only on the seed and the month, ids only on the
/// seed and the month or date, so seeding twice stores nothing twice.
public struct DemoCosts: Sendable {
    public var seed: UInt64
    /// The rates the GPU items are priced with (the built-in table).
    public var gpuRates: GPURateTable

    /// When the recurring plans started: the demo's anchor day, 2026-01-01.
    static let planStart = Timestamp(microseconds: Int64(DemoGenerator.anchorDay) * 86_400_000_000)

    public init(seed: UInt64 = 42, gpuRates: GPURateTable) {
        self.seed = seed
        self.gpuRates = gpuRates
    }

    /// The items covering `days` (days since 1970-01-01, as `DemoGenerator.days` gives them).
    public func items(forDays days: [Int]) -> [CostItem] {
        guard let first = days.min(), let last = days.max() else { return [] }
        var items = recurring()
        var month = CostSpread.Span.month(containing: Self.instant(day: first))
        while month.start <= Self.instant(day: last) {
            items += monthly(month)
            month = CostSpread.Span.month(containing: month.end)
        }
        if days.count > 40, let run = fineTuning(day: last - 40) { items.append(run) }
        return items
    }

    private func recurring() -> [CostItem] {
        var items = [
            CostItem(
                id: "demo-\(seed)-datadog", category: .tools, service: "Datadog", resource: "infrastructure-pro",
                provider: "Datadog", amount: Money(dollars: 150), periodStart: Self.planStart, periodEnd: nil,
                recurrence: .monthly, tags: ["plan": "pro"], allocation: CostAllocationRule(target: .team, basis: .requests),
                source: "demo"),
            CostItem(
                id: "demo-\(seed)-langsmith", category: .tools, service: "LangSmith", resource: "plus-2-seats",
                provider: "LangChain", amount: Money(dollars: 78), periodStart: Self.planStart, periodEnd: nil,
                recurrence: .monthly, attribution: Attribution(team: "platform"), source: "demo"),
        ]
        let reserved: Int64 = 600_000
        if let rate = gpuRates.rate(gpu: "a10g", cloud: "aws"),
            let amount = GPUCost.amount(
                perGPUHour: rate.perGPUHour, count: 1, seconds: GPUCost.hoursPerMonth * 3_600, discountMillionths: reserved)
        {
            items.append(
                CostItem(
                    id: "demo-\(seed)-reranker-gpu", category: .compute, service: "A10G GPU on AWS (reserved, 60% off)",
                    resource: "reranker-g5-xlarge", provider: "AWS", amount: amount, periodStart: Self.planStart, periodEnd: nil,
                    recurrence: .monthly, tags: ["gpu": "a10g", "commitment": "3-year"],
                    allocation: CostAllocationRule(target: .tenant, basis: .tokens), source: "demo"))
        }
        return items
    }

    private func monthly(_ month: CostSpread.Span) -> [CostItem] {
        let day = Int(month.start.microseconds / 86_400_000_000)
        let (year, number, _) = CalendarDate.civilFromDays(day)
        let label = String(format: "%04d-%02d", year, number)
        let age = Double(day - DemoGenerator.anchorDay) / 30.44
        var random = SeededRandom(seed: seed &* 0x9E37_79B9 &+ UInt64(bitPattern: Int64(day)))
        let storage = 70 * pow(1.06, age) * (0.95 + 0.1 * random.unit())
        let egress = 35 * pow(1.08, age) * (0.9 + 0.2 * random.unit())
        return [
            CostItem(
                id: "demo-\(seed)-pinecone-\(label)", category: .storage, service: "Pinecone", resource: "search-index-prod",
                provider: "Pinecone", amount: Self.dollars(storage), periodStart: month.start, periodEnd: month.end,
                attribution: Attribution(feature: "search-rag", team: "search"), tags: ["region": "us"], source: "demo"),
            CostItem(
                id: "demo-\(seed)-egress-\(label)", category: .network, service: "AWS Data Transfer",
                resource: "internet-egress-us-east-1", provider: "AWS", amount: Self.dollars(egress), periodStart: month.start,
                periodEnd: month.end, allocation: CostAllocationRule(target: .tenant, basis: .requests), source: "demo"),
        ]
    }

    private func fineTuning(day: Int) -> CostItem? {
        let start = Self.instant(day: day).adding(seconds: 2 * 3_600)
        let seconds: Int64 = 12 * 3_600
        guard let rate = gpuRates.rate(gpu: "a100-80gb", cloud: "aws"),
            let amount = GPUCost.amount(perGPUHour: rate.perGPUHour, count: 8, seconds: seconds, discountMillionths: 620_000)
        else { return nil }
        return CostItem(
            id: "demo-\(seed)-finetune-" + CalendarDate.string(from: start.date), category: .compute,
            service: "8× A100-80GB GPU on AWS (spot, 62% off)", resource: "support-triage-finetune", provider: "AWS",
            amount: amount, periodStart: start, periodEnd: start.adding(seconds: seconds),
            attribution: Attribution(feature: "support-triage", team: "support"), tags: ["gpu": "a100-80gb", "job": "fine-tune"],
            source: "demo")
    }

    private static func instant(day: Int) -> Timestamp {
        Timestamp(microseconds: Int64(day) * 86_400_000_000)
    }

    /// Whole cents, as a bill would show them.
    private static func dollars(_ value: Double) -> Money {
        Money(nanos: Int64((value * 100).rounded()) * 10_000_000)
    }
}
