/// A failure while running a command (as opposed to a mistake in its arguments): printed as
/// `Error: ...` without a usage hint, with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// "1 event", "2 events".
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
