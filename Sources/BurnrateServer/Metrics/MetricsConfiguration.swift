import BurnrateStore
import Foundation

/// A label the ledger's metric families can carry.
public enum MetricLabel: String, Sendable, Hashable, CaseIterable {
    case provider, model, tenant, feature, category, user, team, environment

    /// The event dimension the label takes its values from; `nil` for `category`, which is
    /// `llm_api` for every event and a cost item's own category otherwise.
    var dimension: BurnrateStore.Dimension? {
        switch self {
        case .provider: .provider
        case .model: .model
        case .tenant: .tenant
        case .feature: .feature
        case .user: .user
        case .team: .team
        case .environment: .environment
        case .category: nil
        }
    }
}

/// What `/metrics` exposes of the ledger, bounded so that a scrape stays cheap for Prometheus.
public struct MetricsConfiguration: Sendable, Hashable {
    /// The labels of the ledger families, in `MetricLabel` order; a label left out is summed away.
    public var labels: [MetricLabel]
    /// The most series one ledger family may have; beyond it the smallest are folded into one
    /// series labelled `other`, so that sums stay exact.
    public var maxSeries: Int

    /// Labels with few values. `user` (and `team`, `environment`) can be turned on, at the price
    /// of one series per value.
    public static let defaultLabels: [MetricLabel] = [.provider, .model, .tenant, .feature, .category]
    public static let defaultMaxSeries = 10_000

    public init(labels: [MetricLabel] = defaultLabels, maxSeries: Int = defaultMaxSeries) {
        self.labels = MetricLabel.allCases.filter(labels.contains)
        self.maxSeries = maxSeries
    }

    /// The labels of a comma-separated list such as `provider,model,tenant`; an empty list gives
    /// none (every ledger family becomes one total).
    public static func labels(parsing list: String) throws(UnknownMetricLabel) -> [MetricLabel] {
        try list.split(separator: ",").map { name throws(UnknownMetricLabel) in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let label = MetricLabel(rawValue: trimmed) else { throw UnknownMetricLabel(name: trimmed) }
            return label
        }
    }
}

/// A label name `/metrics` does not know, with the names it does.
public struct UnknownMetricLabel: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String

    public var description: String {
        "Unknown metrics label '\(name)'. Choose from \(MetricLabel.allCases.map(\.rawValue).joined(separator: ", "))."
    }
}
