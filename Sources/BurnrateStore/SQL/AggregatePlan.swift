import BurnrateCore

/// Where the rows of an aggregate come from: which rollup covers which part of the range, and
/// which parts are left to raw events.
///
/// For each grain the plan takes the narrowest rollup that keeps every dimension the query filters
/// or groups by (and, when grouping by time, whose grain divides the interval), then covers the
/// range greedily: the coarsest grain's whole buckets, then finer grains' whole buckets at either
/// end, and raw events for what is left. What is left is at most two partial buckets of the finest
/// grain; where a partial bucket's part inside the range is the longer one, the plan reads the
/// whole bucket and takes away the raw events of the part outside, so that no more than half a
/// bucket of raw events is read at either end. The grains may come from different dimension
/// sets: a narrow set's days with a wider set's hours. A filter on one tag key reads the tagged
/// rollups (see `Rollup`); filters on several tag keys and groupings by tag read raw events
/// throughout.
struct AggregatePlan: Equatable {
    /// One part of the range, half-open; `nil` bounds are unbounded.
    struct Piece: Equatable {
        /// The rollup to read, or `nil` for raw events.
        var rollup: Rollup?
        var from: Timestamp?
        var to: Timestamp?
        /// Whether the piece's events are taken away from the sums rather than added: the part of a
        /// bucket outside the range, when the plan reads that whole bucket from a rollup.
        var subtracted = false
    }

    var pieces: [Piece]

    init(filter: EventFilter, dimensions: Set<Dimension>, tags: Bool, timeInterval: BucketInterval?) {
        if let from = filter.from, let to = filter.to, from >= to {
            pieces = []
            return
        }
        let raw = [Piece(rollup: nil, from: filter.from, to: filter.to)]
        let tagKeys = filter.restrictedTagKeys.count
        guard !tags, tagKeys <= 1 else {
            pieces = raw
            return
        }
        let needed = dimensions.union(filter.restrictedDimensions)
        let usable = Rollup.all.filter { rollup in
            guard rollup.tagged == (tagKeys == 1) else { return false }
            // A rollup that keeps users has a row per user: only questions about users read it.
            guard !rollup.dimensions.contains(.user) || needed.contains(.user) else { return false }
            guard let timeInterval else { return true }
            return timeInterval.seconds % rollup.grain == 0
        }
        var narrowest: [Int64: Rollup] = [:]
        for rollup in usable where narrowest[rollup.grain] == nil && needed.isSubset(of: rollup.dimensions) {
            narrowest[rollup.grain] = rollup
        }
        let grains = narrowest.values.sorted { $0.grain > $1.grain }
        let covering = Self.cover(from: filter.from?.microseconds, to: filter.to?.microseconds, with: grains[...])
        pieces = Self.merged(covering.filter { !$0.subtracted }) + covering.filter(\.subtracted)
    }

    /// The pieces with neighbours that read the same rollup joined into one.
    private static func merged(_ pieces: [Piece]) -> [Piece] {
        var merged: [Piece] = []
        for piece in pieces {
            if let last = merged.last, let rollup = piece.rollup, last.rollup == rollup, last.to != nil, last.to == piece.from {
                merged[merged.count - 1].to = piece.to
            } else {
                merged.append(piece)
            }
        }
        return merged
    }

    /// Pieces covering `from ..< to` (microseconds) with the rollups' whole buckets, coarsest first,
    /// and raw events for the rest.
    private static func cover(from: Int64?, to: Int64?, with rollups: ArraySlice<Rollup>) -> [Piece] {
        if let from, let to, from >= to { return [] }
        guard let rollup = rollups.first else { return [raw(from: from, to: to)] }
        let finest = rollups.count == 1
        let width = rollup.grain * 1_000_000
        let start = from.map { -(-$0).floorDiv(width) * width }
        let end = to.map { $0.floorDiv(width) * width }
        if let from, let to, let start, let end, start >= end {
            guard finest else { return cover(from: from, to: to, with: rollups.dropFirst()) }
            // No whole bucket: one partial bucket, or the ends of two neighbouring ones.
            if start > end { return partialBucket(from: from, to: to, of: rollup) }
            return partialBucket(from: from, to: start, of: rollup) + partialBucket(from: end, to: to, of: rollup)
        }
        var pieces: [Piece] = []
        if let from, let start {
            pieces += finest ? partialBucket(from: from, to: start, of: rollup) : cover(from: from, to: start, with: rollups.dropFirst())
        }
        pieces.append(Piece(rollup: rollup, from: start.map(Timestamp.init(microseconds:)), to: end.map(Timestamp.init(microseconds:))))
        if let to, let end {
            pieces += finest ? partialBucket(from: end, to: to, of: rollup) : cover(from: end, to: to, with: rollups.dropFirst())
        }
        return pieces
    }

    /// Pieces for `from ..< to` (microseconds), which lies within one bucket of the finest
    /// rollup: its raw events, or the whole bucket less the raw events of the rest of it when
    /// the rest is the shorter time.
    private static func partialBucket(from: Int64, to: Int64, of rollup: Rollup) -> [Piece] {
        if from >= to { return [] }
        let width = rollup.grain * 1_000_000
        let bucketStart = from.floorDiv(width) * width
        let bucketEnd = bucketStart + width
        guard (from - bucketStart) + (bucketEnd - to) < to - from else { return [raw(from: from, to: to)] }
        var pieces = [
            Piece(rollup: rollup, from: Timestamp(microseconds: bucketStart), to: Timestamp(microseconds: bucketEnd))
        ]
        if bucketStart < from { pieces.append(raw(from: bucketStart, to: from, subtracted: true)) }
        if to < bucketEnd { pieces.append(raw(from: to, to: bucketEnd, subtracted: true)) }
        return pieces
    }

    private static func raw(from: Int64?, to: Int64?, subtracted: Bool = false) -> Piece {
        Piece(
            rollup: nil, from: from.map(Timestamp.init(microseconds:)), to: to.map(Timestamp.init(microseconds:)),
            subtracted: subtracted)
    }
}
