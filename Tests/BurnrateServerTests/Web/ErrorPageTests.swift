import BurnrateCore
import BurnrateStore
import HTTPTypes
import Logging
import Testing

@testable import BurnrateServer

/// `ErrorPage`: what the dashboard shows for the problems the API answers with problem+json.
@Suite struct ErrorPageTests {
    static let logger = Logger(label: "burnrate.tests") { _ in SwiftLogNoOpLogHandler() }

    @Test func anOutageSaysWhatHappenedAndWhatToDo() {
        let problem = Problem.describing(
            StoreError(.unavailable, message: "refused"), method: .get, path: "/costs", requestID: "r-1", logger: Self.logger)
        let body = ErrorPage.body(problem, current: "/costs")
        #expect(body.contains("<h1>503 Service Unavailable</h1>"))
        #expect(body.contains("The database is unavailable, so Burnrate could not read what this page shows."))
        #expect(body.contains("Reload this page in a few seconds"))
        #expect(body.contains(#"<a href="/costs">Start over</a>"#))
        #expect(!body.contains("sending the same events"))
    }

    @Test func aBadFilterListsEachField() {
        let problem = Problem.describing(
            InvalidQuery(field: "tenant<", message: "is not a known parameter"), method: .get, path: "/costs", requestID: "r-1",
            logger: Self.logger)
        let body = ErrorPage.body(problem, current: nil)
        #expect(body.contains("<h1>400 Invalid request</h1>"))
        #expect(body.contains("<code>tenant&lt;</code> is not a known parameter"))
        #expect(body.contains("Correct what the message names and try again."))
        #expect(body.contains(#"<a href="/">Start over</a>"#))
    }
}
