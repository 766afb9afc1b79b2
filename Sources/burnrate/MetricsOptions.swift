import ArgumentParser
import BurnrateServer
import Foundation

/// What `/metrics` exposes: the labels of the ledger families and the cap on their series.
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

    /// The configuration (flags, environment, then the config file's `metrics` section), or a
    /// clear error naming what was wrong.
    func configuration(file: ConfigFile? = nil) throws -> MetricsConfiguration {
        var labels = MetricsConfiguration.defaultLabels
        if let text = metricsLabels ?? Environment.value("BURNRATE_METRICS_LABELS") ?? file?.metricsLabels?.joined(separator: ",") {
            do {
                labels = try MetricsConfiguration.labels(parsing: text)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let limitText = Environment.value("BURNRATE_METRICS_MAX_SERIES")
        guard
            let maxSeries = metricsMaxSeries
                ?? (limitText.map { Int($0) } ?? file?.metricsMaxSeries ?? MetricsConfiguration.defaultMaxSeries), maxSeries > 0
        else {
            throw ValidationError(
                "--metrics-max-series (or BURNRATE_METRICS_MAX_SERIES) must be a number above 0 (got \(metricsMaxSeries.map(String.init) ?? limitText ?? ""))."
            )
        }
        return MetricsConfiguration(labels: labels, maxSeries: maxSeries)
    }
}
