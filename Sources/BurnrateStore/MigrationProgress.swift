/// What a long schema migration reports while it runs, so that a command opening a large
/// database says what it is doing instead of seeming to hang.
public enum MigrationProgress: Sendable, Hashable {
    /// A step begins or ends, in a sentence.
    case stage(String)
    /// `events` of `total` events have been copied to a new layout.
    case copied(events: Int, of: Int)
    /// Rollups have been summed over `summed` of `total` events.
    case rollups(summed: Int, of: Int)

    /// Receives progress reports; called on the migrating thread.
    public typealias Report = @Sendable (MigrationProgress) -> Void
}
