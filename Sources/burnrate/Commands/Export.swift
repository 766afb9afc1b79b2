import ArgumentParser

/// `burnrate export prometheus-rules|grafana`: files that wire Burnrate into an existing
/// Prometheus and Grafana.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Prometheus alerting rules or Grafana dashboards for Burnrate's /metrics.",
        subcommands: [ExportPrometheusRules.self, ExportGrafana.self]
    )
}
