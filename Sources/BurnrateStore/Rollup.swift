import BurnrateCore

/// One rollup: sums of events per UTC bucket of `grain` seconds and per combination of the values
/// of `dimensions`, stored as rows of the `rollups` table tagged with `id`.
///
/// Aggregates read the narrowest rollup that holds every column they filter or group by, and raw
/// events for the rest of the range (see `AggregatePlan`); every backend keeps all rollups in the
/// same transaction as the events they sum.
///
/// The set is chosen so that its size does not grow with the number of events or of distinct
/// users: every rollup but one keeps low-cardinality dimensions only (providers and models,
/// tenants, features, teams, environments, statuses), pairs of them at day grain (and at hour
/// grain too where neither is the tenant), and users alone by day and by week. Questions about one user,
/// or one tenant's hours, read the events through their `(user, tenant, ts)` and `(tenant, ts)` indexes;
/// users with any other filter read the events of the range (see docs/scaling.md).
///
/// A tagged rollup keeps one tag per row (the `tag_key` and `tag_value` columns of the
/// `tag_rollups` table): an event adds to one row per tag it carries, and events without tags are
/// not in it. It answers filters on the values of one tag key; the others answer everything else.
struct Rollup: Sendable, Hashable {
    /// The value of the `rollup` column; stored, so a changed set needs a migration that rebuilds
    /// every rollup from the events (as `v11-compact-events` does).
    var id: Int
    var dimensions: [Dimension]
    /// The bucket width in seconds; buckets are aligned on the Unix epoch.
    var grain: Int64
    var tagged: Bool

    /// The table that holds the rollup's rows.
    var table: String { RollupSchema.table(tagged: tagged) }

    /// Every rollup, from the narrowest dimension set to the widest (fewest dimensions first, then
    /// by id); `AggregatePlan` takes, for each grain, the first rollup that fits a query.
    static let all: [Rollup] = {
        let quarterHour: Int64 = 900
        let hour: Int64 = 3600
        let day: Int64 = 86_400
        let week: Int64 = 604_800
        let model: [Dimension] = [.provider, .model]
        // Fewest values first: among rollups with as many dimensions, the first that fits is read.
        let narrow: [[Dimension]] = [[.status], [.environment], [.team], [.feature], model, [.tenant]]
        var sets: [(dimensions: [Dimension], grains: [Int64], tagged: Bool)] = []
        // Quarter hours for the few values of each, not for the tenants.
        for dimensions in narrow { sets.append((dimensions, dimensions == [.tenant] ? [hour, day] : [quarterHour, hour, day], false)) }
        // The period figures group by provider, model and status.
        sets.append((model + [.status], [quarterHour, hour, day], false))
        for (index, first) in narrow.enumerated() {
            for second in narrow[(index + 1)...] where Set(first + second) != Set(model + [.status]) {
                let withTenant = first == [.tenant] || second == [.tenant]
                sets.append((first + second, withTenant ? [day] : [hour, day], false))
            }
        }
        sets.append(([.user], [day], false))
        sets.append(([], [quarterHour, hour, day], true))
        for dimensions in narrow { sets.append((dimensions, dimensions == [.tenant] ? [day] : [hour, day], true)) }
        // Users by week too (`v17-user-weeks`), last so that the ids before stay: a month by user
        // reads four weeks' rows and a few days' rather than thirty days'.
        sets.append(([.user], [week], false))
        var rollups: [Rollup] = []
        for set in sets {
            for grain in set.grains {
                rollups.append(Rollup(id: rollups.count + 1, dimensions: set.dimensions, grain: grain, tagged: set.tagged))
            }
        }
        return rollups.sorted { ($0.dimensions.count, $0.id) < ($1.dimensions.count, $1.id) }
    }()

    /// Users by day: with `usersByWeek`, the candidates of an active-user count (see
    /// `AggregateQuery.activeUsers`).
    static let usersByDay = all.first { !$0.tagged && $0.dimensions == [.user] && $0.grain == 86_400 }!

    /// Users by week (epoch-aligned weeks, which start on Thursdays): sums of `usersByDay`.
    static let usersByWeek = all.first { !$0.tagged && $0.dimensions == [.user] && $0.grain == 604_800 }!

    /// The dimension columns of the `rollups` table, in key order; a rollup stores `''` in the
    /// columns it does not keep and for events without a value.
    static let dimensionColumns: [Dimension] = [.provider, .model, .tenant, .user, .feature, .team, .environment, .status]
}

/// One row of the `rollups` table: a rollup, a bucket and a combination of values.
struct RollupKey: Hashable {
    var rollup: Int
    var bucket: Int64
    var provider = ""
    var model = ""
    var tenant = ""
    var user = ""
    var feature = ""
    var team = ""
    var environment = ""
    var status = ""
    /// The tag of a tagged rollup's row; `''` in the others.
    var tagKey = ""
    var tagValue = ""
    var tagged: Bool
    var priced: Bool

    init(rollup: Int, bucket: Int64, tagged: Bool, priced: Bool) {
        self.rollup = rollup
        self.bucket = bucket
        self.tagged = tagged
        self.priced = priced
    }

    /// The dimension values in the order of `Rollup.dimensionColumns`, then the tag's key and
    /// value in a tagged rollup.
    var values: [String] {
        let dimensions = [provider, model, tenant, user, feature, team, environment, status]
        return tagged ? dimensions + [tagKey, tagValue] : dimensions
    }
}

/// Sums kept per rollup row, in the order of `RollupTotals.columns`; a negative `requests` removes
/// events (used when repricing).
struct RollupTotals: Equatable {
    var requests: Int64 = 0
    var errorRequests: Int64 = 0
    var usage = TokenUsage()
    var cost = CostBreakdown.zero
    var gpuMicroseconds: Int64 = 0

    /// The sum columns of the `rollups` table.
    static let columns = [
        "requests", "error_requests", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
        "cache_write_1h_tokens", "reasoning_tokens", "cost_input", "cost_cache_read", "cost_cache_write", "cost_output",
        "gpu_micros",
    ]

    /// The sums in the order of `columns`.
    var values: [Int64] {
        [
            requests, errorRequests, usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens,
            usage.cacheWrite1hTokens, usage.reasoningTokens, cost.uncachedInput.nanos, cost.cacheRead.nanos,
            cost.cacheWrite.nanos, cost.output.nanos, gpuMicroseconds,
        ]
    }

    init() {}

    /// The sums of one event: added with `sign` 1, removed with -1.
    init(_ priced: PricedEvent, sign: Int64) {
        let event = priced.event
        requests = sign
        errorRequests = event.status == .error ? sign : 0
        let usage = event.usage
        self.usage = TokenUsage(
            inputTokens: sign * usage.inputTokens, outputTokens: sign * usage.outputTokens,
            cacheReadTokens: sign * usage.cacheReadTokens, cacheWriteTokens: sign * usage.cacheWriteTokens,
            cacheWrite1hTokens: sign * usage.cacheWrite1hTokens, reasoningTokens: sign * usage.reasoningTokens)
        let cost = priced.cost
        self.cost = CostBreakdown(
            uncachedInput: Money(nanos: sign * cost.uncachedInput.nanos), cacheRead: Money(nanos: sign * cost.cacheRead.nanos),
            cacheWrite: Money(nanos: sign * cost.cacheWrite.nanos), output: Money(nanos: sign * cost.output.nanos))
        gpuMicroseconds = sign * GPUTime.microseconds(event.gpuSeconds)
    }

    /// Adds the sums of `other`.
    mutating func add(_ other: RollupTotals) {
        requests += other.requests
        errorRequests += other.errorRequests
        usage = usage + other.usage
        cost = cost + other.cost
        gpuMicroseconds += other.gpuMicroseconds
    }
}

/// GPU time is summed in whole microseconds, so that sums are exact and the same whichever
/// rollup or raw events answer.
enum GPUTime {
    /// An event's GPU seconds in microseconds, rounded half up: the same arithmetic (one
    /// multiplication, one addition, truncation) as `sql(_:)` does in the databases.
    static func microseconds(_ seconds: Double?) -> Int64 {
        guard let seconds else { return 0 }
        return Int64((seconds * 1_000_000 + 0.5).rounded(.towardZero))
    }

    /// The SQL for one event's GPU microseconds, `NULL` without GPU time.
    static func sql(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "CAST(gpu_seconds * 1000000.0 + 0.5 AS INTEGER)"
        case .postgres: "CAST(trunc(gpu_seconds * CAST(1000000.0 AS float8) + CAST(0.5 AS float8)) AS BIGINT)"
        }
    }
}

extension Rollup {
    /// For each rollup, a mask over the values of `Rollup.dimensionColumns` that keeps its own.
    fileprivate static let keptMasks: [SIMD8<Int32>] = all.map { rollup in
        var mask = SIMD8<Int32>()
        for dimension in rollup.dimensions { mask[dimensionColumns.firstIndex(of: dimension)!] = -1 }
        return mask
    }

    fileprivate static let grains = all.map(\.grain)
    fileprivate static let taggedFlags = all.map(\.tagged)
}

/// Accumulates rollup changes for a batch so that each row is written once, and the changes to
/// the sessions of the batch's calls (see `SessionSchema`).
///
/// Each distinct string of the batch is numbered once, so that spreading an event over every
/// rollup hashes small integer keys rather than strings; the strings come back when the rows are
/// read.
struct RollupBatch {
    /// One rollup row while a batch accumulates: the rollup's position in `Rollup.all`, the bucket,
    /// and the batch's numbers for the dimension values and the tag.
    private struct Cell: Hashable {
        var rollup: Int32
        var priced: Bool
        var bucket: Int64
        var values: SIMD8<Int32>
        var tagKey: Int32
        var tagValue: Int32

        /// One combined word: a batch spreads each event over every rollup, so hashing is hot.
        func hash(into hasher: inout Hasher) {
            var mixed = UInt64(bitPattern: bucket) &* 0x9E37_79B9_7F4A_7C15
            mixed ^= UInt64(UInt32(bitPattern: rollup)) << 1 | (priced ? 1 : 0)
            for lane in 0..<8 { mixed = (mixed ^ UInt64(UInt32(bitPattern: values[lane]))) &* 0x1000_0000_01B3 }
            mixed = (mixed ^ UInt64(UInt32(bitPattern: tagKey)) << 32 ^ UInt64(UInt32(bitPattern: tagValue))) &* 0x9E37_79B9_7F4A_7C15
            hasher.combine(mixed)
        }
    }

    private var numbers: [String: Int32] = ["": 0]
    private var strings: [String] = [""]
    private var sums: [Cell: RollupTotals] = Dictionary(minimumCapacity: 4096)
    /// The changes to the rows of `sessions`, by session id.
    private(set) var sessions: [String: SessionSums] = [:]

    private mutating func number(_ text: String?) -> Int32 {
        guard let text else { return 0 }
        if let known = numbers[text] { return known }
        let next = Int32(strings.count)
        numbers[text] = next
        strings.append(text)
        return next
    }

    mutating func add(_ priced: PricedEvent, sign: Int64 = 1) {
        let event = priced.event
        let attribution = event.attribution
        let values = SIMD8<Int32>(
            number(event.provider), number(event.model), number(attribution.tenant), number(attribution.user),
            number(attribution.feature), number(attribution.team), number(attribution.environment), number(event.status.rawValue))
        let tags = event.tags.map { (key: number($0.key), value: number($0.value)) }
        let totals = RollupTotals(priced, sign: sign)
        if let session = event.run.sessionID {
            sessions[session, default: SessionSums(at: event.timestamp.microseconds)].add(priced, sign: sign)
        }
        let seconds = event.timestamp.microseconds.floorDiv(1_000_000)
        let masks = Rollup.keptMasks
        let grains = Rollup.grains
        let taggedFlags = Rollup.taggedFlags
        for index in masks.indices {
            let tagged = taggedFlags[index]
            if tagged && tags.isEmpty { continue }
            let grain = grains[index]
            var cell = Cell(
                rollup: Int32(index), priced: priced.isPriced, bucket: seconds.floorDiv(grain) * grain, values: values & masks[index],
                tagKey: 0, tagValue: 0)
            guard tagged else {
                sums[cell, default: RollupTotals()].add(totals)
                continue
            }
            for tag in tags {
                cell.tagKey = tag.key
                cell.tagValue = tag.value
                sums[cell, default: RollupTotals()].add(totals)
            }
        }
    }

    /// The changes per rollup row.
    var cells: [RollupKey: RollupTotals] {
        var cells: [RollupKey: RollupTotals] = [:]
        cells.reserveCapacity(sums.count)
        for (cell, totals) in sums {
            let rollup = Rollup.all[Int(cell.rollup)]
            var key = RollupKey(rollup: rollup.id, bucket: cell.bucket, tagged: rollup.tagged, priced: cell.priced)
            key.provider = strings[Int(cell.values[0])]
            key.model = strings[Int(cell.values[1])]
            key.tenant = strings[Int(cell.values[2])]
            key.user = strings[Int(cell.values[3])]
            key.feature = strings[Int(cell.values[4])]
            key.team = strings[Int(cell.values[5])]
            key.environment = strings[Int(cell.values[6])]
            key.status = strings[Int(cell.values[7])]
            key.tagKey = strings[Int(cell.tagKey)]
            key.tagValue = strings[Int(cell.tagValue)]
            cells[key] = totals
        }
        return cells
    }
}
