import BurnrateCatalog
import BurnrateCore
import Foundation
import Testing

@Suite struct DemoCostsTests {
    static let costs = DemoCosts(seed: 42, gpuRates: try! BuiltinGPURates.table())
    static let end = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func coversEveryMonthOfTheDemoWithEachKindOfCost() {
        let days = DemoGenerator.days(endingOn: Self.end, count: 180)
        let items = Self.costs.items(forDays: days)
        #expect(Set(items.map(\.id)).count == items.count)
        #expect(Set(items.map(\.category)) == [.compute, .storage, .network, .tools])
        let first = Timestamp(microseconds: Int64(days[0]) * 86_400_000_000)
        let last = Timestamp(microseconds: Int64(days[days.count - 1] + 1) * 86_400_000_000)
        for day in stride(from: days[0], through: days[days.count - 1], by: 1) {
            let start = Timestamp(microseconds: Int64(day) * 86_400_000_000)
            let covering = items.filter { $0.overlaps(from: start, to: start.adding(seconds: 86_400)) }
            #expect(Set(covering.map(\.category)).isSuperset(of: [.compute, .storage, .network, .tools]), "day \(day)")
        }
        let shared = items.filter { $0.allocation != nil }.map(\.allocation!)
        #expect(Set(shared.map(\.basis)) == [.tokens, .requests])
        #expect(Set(shared.map(\.target)) == [.tenant, .team])
        let gpu = items.first { $0.id == "demo-42-reranker-gpu" }
        #expect(gpu?.recurrence == .monthly && gpu?.periodEnd == nil)
        #expect(
            gpu?.amount == GPUCost.amount(perGPUHour: Money(usd: "1.006")!, count: 1, seconds: 730 * 3_600, discountMillionths: 600_000)
        )
        #expect(items.contains { $0.id.contains("finetune") && $0.overlaps(from: first, to: last) })
    }

    @Test func theSameSeedGivesTheSameItemsWhateverTheRange() {
        let long = Self.costs.items(forDays: DemoGenerator.days(endingOn: Self.end, count: 180))
        let short = Self.costs.items(forDays: DemoGenerator.days(endingOn: Self.end.addingTimeInterval(-40 * 86_400), count: 30))
        let byID = Dictionary(uniqueKeysWithValues: long.map { ($0.id, $0) })
        for item in short where !item.id.contains("finetune") {
            #expect(byID[item.id] == item, "\(item.id)")
        }
        #expect(Self.costs.items(forDays: DemoGenerator.days(endingOn: Self.end, count: 180)) == long)
        #expect(DemoCosts(seed: 7, gpuRates: Self.costs.gpuRates).items(forDays: [20_400]).allSatisfy { $0.id.hasPrefix("demo-7-") })
    }
}
