import ArgumentParser
import BurnrateCore
import Foundation

/// How figures are reported: the time zone of days and months, and the revenue margins are
/// computed from.
struct ReportingOptions: ParsableArguments {
    @Option(
        name: .customLong("timezone"),
        help: "Time zone for days, weeks and months, e.g. Europe/Berlin (env BURNRATE_TIMEZONE). Default: UTC.")
    var timeZoneName: String?

    @Option(help: "Revenue per active user per month in USD, for margin and return (env BURNRATE_REVENUE_PER_USER).")
    var revenuePerUser: String?

    @Option(help: "Revenue per request in USD, for margin and return (env BURNRATE_REVENUE_PER_REQUEST).")
    var revenuePerRequest: String?

    /// The configured time zone (flag, environment, then `fileDefault`), or a clear error naming
    /// what was given.
    func timeZone(fileDefault: String? = nil) throws -> TimeZone {
        let name = timeZoneName ?? Environment.value("BURNRATE_TIMEZONE") ?? fileDefault ?? "UTC"
        guard let zone = TimeZone(identifier: name) else {
            throw ValidationError("Unknown time zone '\(name)'. Use an IANA name such as UTC, Europe/Berlin or America/New_York.")
        }
        return zone
    }

    /// The configured revenue per user and per request.
    func revenue() throws -> RevenueModel {
        func amount(_ flag: String?, _ variable: String, option: String) throws -> Money? {
            guard let text = flag ?? Environment.value(variable) else { return nil }
            guard let money = Money(usd: text), money >= .zero else {
                throw ValidationError("\(option) must be an amount in USD such as 12.50 (got \(text)).")
            }
            return money
        }
        return RevenueModel(
            perUserPerMonth: try amount(revenuePerUser, "BURNRATE_REVENUE_PER_USER", option: "--revenue-per-user"),
            perRequest: try amount(revenuePerRequest, "BURNRATE_REVENUE_PER_REQUEST", option: "--revenue-per-request"))
    }
}
