import ArgumentParser
import BurnrateCore
import BurnrateServer
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

    /// The configured time zone (flag, then `BURNRATE_TIMEZONE`), or a clear error naming what
    /// was given.
    func timeZone() throws -> TimeZone {
        do {
            return try ServeSettings.timeZone(flag: timeZoneName, environment: EnvironmentVariables(), file: nil)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The configured revenue per user and per request.
    func revenue() throws -> RevenueModel {
        do {
            return try ServeSettings.revenue(perUser: revenuePerUser, perRequest: revenuePerRequest, environment: EnvironmentVariables())
        } catch {
            throw ValidationError(error.description)
        }
    }
}
