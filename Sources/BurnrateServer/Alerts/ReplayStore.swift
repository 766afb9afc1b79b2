import BurnrateCore
import BurnrateStore
import Synchronization

/// A store as `AlertReplay` reads it: its aggregates answered from the totals of whole hours,
/// each read from the store once per filter and grouping, and kept.
///
/// The rules read weeks of hours at every evaluation, and an evaluation an hour later reads all
/// of them but one again; over weeks replayed hour by hour that is most of the replay's time.
/// The parts of a range that are not whole UTC hours are read from the store every time, and the
/// hours are folded into the grouping asked for. Exact, because the totals of disjoint hours add
/// up to the totals of their range; writing events through this store empties the cache.
final class ReplayStore: LedgerStore {
    let store: any LedgerStore
    /// Per filter and grouping (without range and time), each hour read so far with its groups,
    /// by the hour's start in microseconds.
    private let hours = Mutex<[HourlyQuery: [Int64: [AggregateGroup]]]>([:])

    /// Per filter without its range and first whole hour, the users up to the hour kept with them.
    private let users = Mutex<[UsersQuery: (through: Int64, users: Set<String>)]>([:])

    /// What one cache entry answers: a filter without its range, and the groups asked for but time.
    struct HourlyQuery: Hashable {
        var dimensions: [Dimension: [String]]
        var tags: [String: [String]]
        var keys: [GroupKey]
    }

    /// A filter without its range, and the first whole hour of the range its users are counted in.
    struct UsersQuery: Hashable {
        var dimensions: [Dimension: [String]]
        var tags: [String: [String]]
        var from: Int64
    }

    init(_ store: any LedgerStore) {
        self.store = store
    }

    /// An hour in microseconds.
    static let hour = BucketInterval.hour.seconds * 1_000_000

    func aggregate(_ filter: EventFilter, by keys: [GroupKey]) async throws -> [AggregateGroup] {
        let buckets = keys.compactMap { key -> BucketInterval? in if case .time(let bucket) = key { bucket } else { nil } }
        guard !buckets.contains(.quarterHour), let hours = Self.wholeHours(of: filter) else {
            return try await store.aggregate(filter, by: keys)
        }
        var groups = try await hourlyGroups(filter, by: keys, hours: hours)
        switch buckets.first {
        case .hour: break
        case .some(let bucket):
            let width = bucket.seconds * 1_000_000
            for index in groups.indices {
                groups[index].bucket = groups[index].bucket.map { Timestamp(microseconds: Self.floor($0.microseconds, to: width)) }
            }
        case nil:
            for index in groups.indices { groups[index].bucket = nil }
        }
        let partial = try await partialHours(filter, by: keys, hours: hours)
        // Whole hours by the hour are one group per keys and hour already.
        return buckets.first == .hour && partial.isEmpty ? groups : Self.folded(groups + partial)
    }

    /// The users with events in the filter, from the users of each hour: a count of distinct
    /// users does not add up by hour, but the users do, so the users from a range's first whole
    /// hour are kept and extended as later evaluations ask for later ends.
    func activeUsers(_ filter: EventFilter) async throws -> Int64 {
        guard let hours = Self.wholeHours(of: filter) else { return try await store.activeUsers(filter) }
        let keys: [GroupKey] = [.dimension(.user)]
        let query = UsersQuery(dimensions: filter.dimensions, tags: filter.tags, from: hours.lowerBound)
        var (through, known) = users.withLock { $0[query] } ?? (hours.lowerBound, [])
        if through > hours.upperBound { (through, known) = (hours.lowerBound, []) }
        if through < hours.upperBound {
            for group in try await hourlyGroups(filter, by: keys, hours: through..<hours.upperBound) {
                if let user = group.keys.first ?? nil, !user.isEmpty { known.insert(user) }
            }
            users.withLock { [known] in $0[query] = (hours.upperBound, known) }
        }
        for group in try await partialHours(filter, by: keys, hours: hours) {
            if let user = group.keys.first ?? nil, !user.isEmpty { known.insert(user) }
        }
        return Int64(known.count)
    }

    /// The whole UTC hours of the filter's range, in microseconds; `nil` when it holds none.
    static func wholeHours(of filter: EventFilter) -> Range<Int64>? {
        guard let from = filter.from, let to = filter.to else { return nil }
        let start = floor(from.microseconds + hour - 1, to: hour)
        let end = floor(to.microseconds, to: hour)
        return start < end ? start..<end : nil
    }

    /// The store's groups for the parts of the filter's range before and after `hours`.
    private func partialHours(_ filter: EventFilter, by keys: [GroupKey], hours: Range<Int64>) async throws -> [AggregateGroup] {
        var groups: [AggregateGroup] = []
        var part = filter
        if let from = filter.from, from.microseconds < hours.lowerBound {
            part.to = Timestamp(microseconds: hours.lowerBound)
            groups += try await store.aggregate(part, by: keys)
        }
        if let to = filter.to, hours.upperBound < to.microseconds {
            part.from = Timestamp(microseconds: hours.upperBound)
            part.to = to
            groups += try await store.aggregate(part, by: keys)
        }
        return groups
    }

    /// The groups of `keys` but time in each of `hours`, with the hour as their bucket, reading
    /// the hours not yet kept from the store in one query.
    private func hourlyGroups(_ filter: EventFilter, by keys: [GroupKey], hours: Range<Int64>) async throws -> [AggregateGroup] {
        let query = HourlyQuery(
            dimensions: filter.dimensions, tags: filter.tags, keys: keys.filter { if case .time = $0 { false } else { true } })
        let each = stride(from: hours.lowerBound, to: hours.upperBound, by: Int(Self.hour))
        // The kept hours are only read inside the lock, so that adding to them never copies them.
        let missing = self.hours.withLock { all in
            let kept = all[query]
            return each.filter { kept?[$0] == nil }
        }
        if let first = missing.first, let last = missing.last {
            var read: [Int64: [AggregateGroup]] = [:]
            for hour in stride(from: first, through: last, by: Int(Self.hour)) { read[hour] = [] }
            let range = EventFilter(
                from: Timestamp(microseconds: first), to: Timestamp(microseconds: last + Self.hour), dimensions: query.dimensions,
                tags: query.tags)
            for group in try await store.aggregate(range, by: query.keys + [.time(.hour)]) {
                guard let bucket = group.bucket else { continue }
                read[bucket.microseconds, default: []].append(group)
            }
            self.hours.withLock { $0[query, default: [:]].merge(read) { _, new in new } }
        }
        return self.hours.withLock { all in
            let kept = all[query] ?? [:]
            return each.flatMap { kept[$0] ?? [] }
        }
    }

    /// One group per keys and bucket, with the totals of every group that has them.
    static func folded(_ groups: [AggregateGroup]) -> [AggregateGroup] {
        var folded: [GroupIdentity: UsageTotals] = [:]
        for group in groups {
            let identity = GroupIdentity(keys: group.keys, bucket: group.bucket)
            folded[identity] = folded[identity].map { $0 + group.totals } ?? group.totals
        }
        return folded.map { AggregateGroup(keys: $0.key.keys, bucket: $0.key.bucket, totals: $0.value) }
    }

    /// The keys and bucket of a group.
    struct GroupIdentity: Hashable {
        var keys: [String?]
        var bucket: Timestamp?
    }

    /// `microseconds` down to a multiple of `width`, also before 1970.
    static func floor(_ microseconds: Int64, to width: Int64) -> Int64 {
        let remainder = microseconds % width
        return microseconds - (remainder < 0 ? remainder + width : remainder)
    }

    /// Forgets every hour kept, after events were written.
    func forget() {
        hours.withLock { $0 = [:] }
        users.withLock { $0 = [:] }
    }
}
