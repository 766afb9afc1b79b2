import ArgumentParser
import BurnrateServer
import Foundation

/// `burnrate export grafana`: the executive and operations dashboards.
struct ExportGrafana: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grafana",
        abstract: "Write Grafana dashboards (executive and operations) over Burnrate's metrics.",
        discussion: "Import each file in Grafana (Dashboards > New > Import) and pick your Prometheus data source."
    )

    @Option(help: "The directory to write the dashboards to; created when missing.")
    var outputDir = "."

    func run() throws {
        let directory = URL(fileURLWithPath: outputDir, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in GrafanaDashboards.files() {
            let url = directory.appendingPathComponent(file.name)
            try Data(file.json.utf8).write(to: url)
            print("Wrote \(url.path).")
        }
    }
}
