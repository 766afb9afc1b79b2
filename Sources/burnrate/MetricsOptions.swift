import ArgumentParser
import BurnrateServer
import Foundation

/// What `/metrics` exposes: the labels of the ledger families and the cap on their series, as
/// given on the command line; `ServeSettings.resolve` adds the environment and the config file.
struct MetricsOptions: ParsableArguments {
    @Option(
        help: """
            Labels of the ledger metrics, comma-separated, from \(MetricLabel.allCases.map(\.rawValue).joined(separator: ", ")) \
            (env BURNRATE_METRICS_LABELS). Default: \(MetricsConfiguration.defaultLabels.map(\.rawValue).joined(separator: ",")).
            """)
    var metricsLabels: String?

    @Option(
        help:
            "The most series one ledger metric may have; the smallest beyond it are folded into 'other' (env BURNRATE_METRICS_MAX_SERIES).")
    var metricsMaxSeries: Int?
}
