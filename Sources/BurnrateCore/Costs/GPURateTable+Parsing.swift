extension GPURateTable {
    /// Why a rates file could not be read: every problem, each with its entry and line.
    public struct InvalidRates: Error, Sendable, Hashable {
        public var issues: [FieldIssue]
    }

    static let fileFields: Set<String> = ["rates_version", "rates"]
    static let rateFields: Set<String> = [
        "gpu", "aliases", "cloud", "instance", "gpus_per_instance", "region", "usd_per_gpu_hour", "source",
    ]

    /// Reads a rates file: `{"rates_version": "YYYY-MM-DD", "rates": [{"gpu": "h100", "cloud":
    /// "aws", "usd_per_gpu_hour": "6.88", "source": "...", ...}]}`. All or nothing.
    public static func parse(_ bytes: some Collection<UInt8>) throws(InvalidRates) -> GPURateTable {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw InvalidRates(issues: [FieldIssue(message: "not valid JSON: \(error.message)", line: error.line)])
        }
        var file = ObjectReader(root)
        file.rejectUnknownKeys(allowed: fileFields)
        let version = file.string("rates_version", required: true, maxLength: 10) ?? ""
        var issues = file.issues
        guard let entries = file.node("rates")?.elements else {
            issues.append(FieldIssue(field: "rates", message: "must be an array of rates", line: root.line))
            throw InvalidRates(issues: issues)
        }
        var rates: [GPURate] = []
        var seen: Set<String> = []
        for (index, node) in entries.enumerated() {
            var reader = ObjectReader(node, index: index)
            if reader.issues.isEmpty, let rate = readRate(&reader) {
                if !seen.insert("\(rate.gpu)|\(rate.cloud)").inserted {
                    reader.report("gpu", "\(rate.gpu) on \(rate.cloud) is listed twice")
                }
                rates.append(rate)
            }
            issues.append(contentsOf: reader.issues)
        }
        guard issues.isEmpty else { throw InvalidRates(issues: issues) }
        return GPURateTable(version: version, rates: rates)
    }

    private static func readRate(_ reader: inout ObjectReader) -> GPURate? {
        reader.rejectUnknownKeys(allowed: rateFields)
        let gpu = reader.string("gpu", required: true, maxLength: 64).map(normalizedGPU)
        let cloud = reader.string("cloud", required: true, maxLength: 32)?.lowercased()
        let aliases = reader.strings("aliases")?.map(normalizedGPU) ?? []
        let instance = reader.string("instance", maxLength: 64)
        let perInstance = reader.integer("gpus_per_instance", in: 1...64).map(Int.init)
        let region = reader.string("region", maxLength: 64)
        let rate = reader.amount("usd_per_gpu_hour", required: true)
        let source = reader.string("source", required: true, maxLength: 1_000)
        if gpu?.isEmpty == true { reader.report("gpu", "must not be empty") }
        if rate == 0 { reader.report("usd_per_gpu_hour", "must be more than zero") }
        guard reader.issues.isEmpty, let gpu, let cloud, let rate, let source else { return nil }
        return GPURate(
            gpu: gpu, aliases: aliases, cloud: cloud, instance: instance, gpusPerInstance: perInstance, region: region,
            perGPUHour: Money(nanos: rate), source: source)
    }
}
