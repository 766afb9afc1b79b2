import BurnrateCore
import Hummingbird

extension Parameters {
    /// The `limit` query parameter: a whole number from 1 to 1000, `fallback` without one.
    func limit(default fallback: Int) throws(Problem) -> Int {
        guard let text = self["limit"].map(String.init) else { return fallback }
        guard let limit = Int(text), (1...1000).contains(limit) else {
            throw Problem.badRequest(
                "The query parameters are not valid.",
                errors: [FieldIssue(field: "limit", message: "must be a whole number from 1 to 1000 (got \(text))")])
        }
        return limit
    }
}
