/// A question the application cannot answer as asked: a filter, range, grouping or option that
/// is malformed or out of bounds. It says what is wrong overall and, per field, how to fix it;
/// the HTTP API answers it with a 400 problem, the command line with a message.
public struct InvalidQuery: Error, Sendable, Hashable {
    /// What is wrong, in a sentence (`The time range is too long.`).
    public var summary: String
    /// Each parameter's problem, naming the parameter in `field`.
    public var issues: [FieldIssue]

    /// - Parameter summary: the sentence that sums the issues up; by default, that the query
    ///   parameters are not valid.
    public init(_ summary: String = "The query parameters are not valid.", issues: [FieldIssue] = []) {
        self.summary = summary
        self.issues = issues
    }

    /// A query whose only problem is `message` about `field`.
    public init(field: String, message: String, summary: String = "The query parameters are not valid.") {
        self.init(summary, issues: [FieldIssue(field: field, message: message)])
    }
}
