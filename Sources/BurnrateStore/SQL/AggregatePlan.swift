import BurnrateCore

/// Where the rows of an aggregate come from: which rollup covers which part of the range, and
/// which parts are left to raw events.
///
/// For each grain the plan takes the narrowest rollup that keeps every dimension the query filters
/// or groups by (and, when grouping by time, whose grain divides the interval), then covers the
/// range greedily: the coarsest grain's whole buckets, then finer grains' whole buckets at either
/// end, and raw events for what is left, so that at most two partial buckets of the finest grain
/// are read from raw events. The grains may come from different dimension sets: a narrow set's
/// days with a wider set's hours. A filter on one tag key reads the tagged rollups (see `Rollup`);
/// filters on several tag keys and groupings by tag read raw events throughout.
struct AggregatePlan: Equatable {
    /// One part of the range, half-open; `nil` bounds are unbounded.
    struct Piece: Equatable {
        /// The rollup to read, or `nil` for raw events.
        var rollup: Rollup?
        var from: Timestamp?
        var to: Timestamp?
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
            guard let timeInterval else { return true }
            return timeInterval.seconds % rollup.grain == 0
        }
        var narrowest: [Int64: Rollup] = [:]
        for rollup in usable where narrowest[rollup.grain] == nil && needed.isSubset(of: rollup.dimensions) {
            narrowest[rollup.grain] = rollup
        }
        let grains = narrowest.values.sorted { $0.grain > $1.grain }
        pieces = Self.cover(from: filter.from?.microseconds, to: filter.to?.microseconds, with: grains[...])
    }

    /// Pieces covering `from ..< to` (microseconds) with the rollups' whole buckets, coarsest first,
    /// and raw events for the rest.
    private static func cover(from: Int64?, to: Int64?, with rollups: ArraySlice<Rollup>) -> [Piece] {
        if let from, let to, from >= to { return [] }
        guard let rollup = rollups.first else {
            return [Piece(rollup: nil, from: from.map(Timestamp.init(microseconds:)), to: to.map(Timestamp.init(microseconds:)))]
        }
        let width = rollup.grain * 1_000_000
        let start = from.map { -(-$0).floorDiv(width) * width }
        let end = to.map { $0.floorDiv(width) * width }
        if let start, let end, start >= end { return cover(from: from, to: to, with: rollups.dropFirst()) }
        var pieces: [Piece] = []
        if let from, let start { pieces += cover(from: from, to: start, with: rollups.dropFirst()) }
        pieces.append(Piece(rollup: rollup, from: start.map(Timestamp.init(microseconds:)), to: end.map(Timestamp.init(microseconds:))))
        if let to, let end { pieces += cover(from: end, to: to, with: rollups.dropFirst()) }
        return pieces
    }
}
