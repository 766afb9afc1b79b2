/// On-demand hourly prices of one GPU on each cloud, as the GPU cost helper assumes them.
///
/// The built-in table (`gpu-rates.json` in BurnrateCatalog) records, for every rate, the instance
/// it was derived from (instance price ÷ GPUs per instance, so the host's CPU and memory are
/// included) and where and when the price was read. A rates file in the same format replaces
/// entries of the same GPU and cloud.
public struct GPURateTable: Sendable, Hashable {
    /// The date the table was last checked, `YYYY-MM-DD`.
    public var version: String
    public var rates: [GPURate]

    public init(version: String, rates: [GPURate]) {
        self.version = version
        self.rates = rates
    }

    /// The rate of `gpu` (any spelling `normalizedGPU` accepts, or an alias) on `cloud`.
    public func rate(gpu: String, cloud: String) -> GPURate? {
        let name = Self.normalizedGPU(gpu)
        let cloud = cloud.lowercased()
        return rates.first { $0.cloud == cloud && ($0.gpu == name || $0.aliases.contains(name)) }
    }

    /// Whether any cloud has a rate for `gpu`.
    public func knows(gpu: String) -> Bool {
        let name = Self.normalizedGPU(gpu)
        return rates.contains { $0.gpu == name || $0.aliases.contains(name) }
    }

    /// This table with `overrides` replacing entries of the same GPU and cloud and adding the rest.
    public func overlaid(with overrides: GPURateTable) -> GPURateTable {
        let replaced = Set(overrides.rates.map { "\($0.gpu)|\($0.cloud)" })
        let kept = rates.filter { !replaced.contains("\($0.gpu)|\($0.cloud)") }
        return GPURateTable(version: max(version, overrides.version), rates: kept + overrides.rates)
    }

    /// A GPU name in the table's spelling: lower case, words joined by hyphens, without an
    /// `nvidia-` or `tesla-` prefix ("NVIDIA A100 80GB" → "a100-80gb").
    public static func normalizedGPU(_ name: String) -> String {
        var words = name.lowercased().split { $0 == " " || $0 == "_" || $0 == "-" }.map(String.init)
        while let first = words.first, first == "nvidia" || first == "tesla" { words.removeFirst() }
        return words.joined(separator: "-")
    }
}

/// What one GPU costs per hour on demand on one cloud.
public struct GPURate: Sendable, Hashable {
    /// The canonical GPU name, e.g. `h100`, `a100-80gb`.
    public var gpu: String
    /// Other spellings that name the same GPU, normalized.
    public var aliases: [String]
    /// `aws`, `gcp`, `azure`, ...
    public var cloud: String
    /// The instance type the rate was derived from.
    public var instance: String?
    public var gpusPerInstance: Int?
    public var region: String?
    public var perGPUHour: Money
    /// Where the price was read, and when.
    public var source: String

    public init(
        gpu: String, aliases: [String] = [], cloud: String, instance: String? = nil, gpusPerInstance: Int? = nil,
        region: String? = nil, perGPUHour: Money, source: String
    ) {
        self.gpu = gpu
        self.aliases = aliases
        self.cloud = cloud
        self.instance = instance
        self.gpusPerInstance = gpusPerInstance
        self.region = region
        self.perGPUHour = perGPUHour
        self.source = source
    }
}
