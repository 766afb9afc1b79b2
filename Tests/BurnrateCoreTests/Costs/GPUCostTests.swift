import BurnrateCatalog
import BurnrateCore
import Testing

@Suite struct GPUCostTests {
    static let rates = try! BuiltinGPURates.table()

    @Test func multipliesGPUsHoursAndTheRateExactly() throws {
        let request = GPURequest(gpu: "H100", count: 8, seconds: 720 * 3_600, cloud: "aws")
        let quote = try GPUCost.quote(request, rates: Self.rates)
        #expect(quote.perGPUHour == Money(usd: "6.88")!)
        #expect(quote.amount == Money(usd: "39628.80")!)
        let reserved = try GPUCost.quote(
            GPURequest(gpu: "h100", count: 8, seconds: 720 * 3_600, cloud: "aws", pricing: .reserved, discountMillionths: 400_000),
            rates: Self.rates)
        #expect(reserved.amount == Money(usd: "23777.28")!)
    }

    @Test func roundsOnceFromWholeSeconds() {
        #expect(GPUCost.amount(perGPUHour: Money(usd: "3.6")!, count: 1, seconds: 1) == Money(usd: "0.001")!)
        #expect(GPUCost.amount(perGPUHour: Money(usd: "1")!, count: 1, seconds: 1) == Money(nanos: 277_778))
        #expect(GPUCost.amount(perGPUHour: Money(usd: "1")!, count: 3, seconds: 1) == Money(nanos: 833_333))
        #expect(GPUCost.amount(perGPUHour: Money(dollars: 9_000), count: 100_000, seconds: 100_000 * 3_600) == nil)
    }

    @Test func aGivenRateReplacesTheTable() throws {
        let quote = try GPUCost.quote(
            GPURequest(gpu: "mi300x", count: 2, seconds: 3_600, cloud: nil, perGPUHour: Money(usd: "2.10")!), rates: Self.rates)
        #expect(quote.amount == Money(usd: "4.20")!)
        #expect(quote.rateSource == "rate given with the request")
    }

    @Test(arguments: [
        (GPURequest(gpu: "mi300x", count: 1, seconds: 3_600, cloud: "aws"), "type"),
        (GPURequest(gpu: "h100", count: 1, seconds: 3_600, cloud: nil), "cloud"),
        (GPURequest(gpu: "h100", count: 1, seconds: 3_600, cloud: "oracle"), "cloud"),
        (GPURequest(gpu: "h100", count: 1, seconds: 3_600, cloud: "aws", pricing: .spot), "discount_percent"),
    ])
    func unpriceableRequestsNameTheField(request: GPURequest, field: String) {
        do {
            _ = try GPUCost.quote(request, rates: Self.rates)
            Issue.record("expected a problem with \(field)")
        } catch {
            #expect(error.field == field)
        }
    }

    @Test func theBuiltInTableRecordsWhereEveryRateWasRead() {
        #expect(Self.rates.rates.count >= 9)
        for rate in Self.rates.rates {
            #expect(rate.source.contains("https://"), "\(rate.gpu) on \(rate.cloud)")
            #expect(rate.source.contains("read 2026-"), "\(rate.gpu) on \(rate.cloud)")
            #expect(rate.perGPUHour > .zero)
        }
        #expect(Set(Self.rates.rates.map(\.cloud)) == ["aws", "azure", "gcp"])
        #expect(Self.rates.rate(gpu: "NVIDIA A100 80GB", cloud: "AWS")?.instance == "p4de.24xlarge")
    }

    @Test func aRatesFileReplacesEntriesOfTheSameGPUAndCloud() throws {
        let file = """
            {"rates_version": "2026-12-01", "rates": [
              {"gpu": "h100", "cloud": "aws", "usd_per_gpu_hour": "3.90", "source": "our EDP price sheet"},
              {"gpu": "mi300x", "cloud": "azure", "usd_per_gpu_hour": "6.00", "source": "quote"}]}
            """
        let table = Self.rates.overlaid(with: try GPURateTable.parse(Array(file.utf8)))
        #expect(table.rate(gpu: "h100", cloud: "aws")?.perGPUHour == Money(usd: "3.90")!)
        #expect(table.rate(gpu: "h100", cloud: "azure") == Self.rates.rate(gpu: "h100", cloud: "azure"))
        #expect(table.rate(gpu: "mi300x", cloud: "azure") != nil)
        #expect(table.rates.count == Self.rates.rates.count + 1)
    }

    @Test func aBadRatesFileNamesEveryProblem() {
        let file = """
            {"rates_version": "2026-12-01", "rates": [
              {"gpu": "h100", "cloud": "aws", "usd_per_gpu_hour": "cheap", "source": "x"},
              {"gpu": "h100", "usd_per_gpu_hour": "1", "source": "x", "colour": "red"}]}
            """
        do {
            _ = try GPURateTable.parse(Array(file.utf8))
            Issue.record("expected an error")
        } catch {
            let located = Set(error.issues.map { "\($0.index ?? -1):\($0.field ?? ""):\($0.line ?? 0)" })
            #expect(located == ["0:usd_per_gpu_hour:2", "1:cloud:3", "1:colour:3"])
        }
    }
}
