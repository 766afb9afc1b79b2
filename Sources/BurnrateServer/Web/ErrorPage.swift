import BurnrateCore
import HTTPTypes

/// The dashboard's page for a request that failed, in the dashboard's layout: the status, what
/// happened and what to do. The JSON API answers the same failures with problem+json; the page
/// reads the same `Problem`, so both say the same about a bad filter or a missing record.
enum ErrorPage {
    /// The page's body for `problem`, with a link back to `current` (or `/`).
    static func body(_ problem: Problem, current: String?) -> String {
        var body = #"<h1>\#(problem.status.code) \#(HTML.escape(problem.title))</h1>"#
        body += #"<div class="notice error" role="alert"><h2>What happened</h2><p>\#(HTML.escape(whatHappened(problem)))</p>"#
        if !problem.errors.isEmpty {
            body +=
                "<ul>" + problem.errors.map { "<li><code>\(HTML.escape($0.field ?? ""))</code> \(HTML.escape($0.message))</li>" }.joined()
                + "</ul>"
        }
        body += #"<h2>What to do</h2><p>\#(HTML.escape(whatToDo(problem.status)))</p>"#
        return body + #"<p><a href="\#(HTML.escape(current ?? "/"))">Start over</a></p></div>"#
    }

    /// The problem's detail, except for a database outage, whose API wording speaks of events
    /// sent rather than of a page read.
    static func whatHappened(_ problem: Problem) -> String {
        guard problem.status == .serviceUnavailable else { return problem.detail }
        return "The database is unavailable, so Burnrate could not read what this page shows. Nothing was changed."
    }

    /// What the visitor can do about a failure with `status`.
    static func whatToDo(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .serviceUnavailable:
            "Reload this page in a few seconds. If it keeps failing, check that the database is running and reachable; "
                + "/readyz answers 200 once Burnrate can use it again."
        case .notFound:
            "Check the address, or start over from the page you came from."
        case .forbidden, .unauthorized:
            "Reload the page and try again, signed in with a key that may make the change."
        case .conflict:
            "Start over and choose another name, or make the change where the message says."
        case _ where status.kind == .clientError:
            "Correct what the message names and try again."
        default:
            "Try again. If it keeps failing, give the request id in the message to whoever runs Burnrate: the error is in its log."
        }
    }
}
