import BurnrateCore

/// One rollup: sums of events per UTC bucket of `grain` seconds and per combination of the values
/// of `dimensions`, stored as rows of the `rollups` table tagged with `id`.
///
/// Aggregates read the narrowest rollup that holds every column they filter or group by, so that
/// they never scan raw events except for the partial buckets at the ends of a range; every backend
/// keeps all rollups in the same transaction as the events they sum.
///
/// A tagged rollup keeps one tag per row (the `tag_key` and `tag_value` columns of the
/// `tag_rollups` table): an event adds to one row per tag it carries, and events without tags are
/// not in it. It answers filters on the values of one tag key; the others answer everything else.
struct Rollup: Sendable, Hashable {
    /// The value of the `rollup` column; stored, so never reused for another definition.
    var id: Int
    var dimensions: [Dimension]
    /// The bucket width in seconds; buckets are aligned on the Unix epoch.
    var grain: Int64
    /// The schema migration that builds this rollup from the events stored before it.
    var migration: String
    var tagged: Bool

    /// The table that holds the rollup's rows.
    var table: String { RollupSchema.table(tagged: tagged) }

    /// Every rollup, from the narrowest dimension set to the widest (fewest dimensions first, then
    /// by id); `AggregatePlan` takes, for each grain, the first rollup that fits a query.
    ///
    /// Changing a stored rollup needs a migration that rebuilds it from the events; a new rollup
    /// takes the next id and a migration that builds it (see `added(inMigration:)`).
    static let all: [Rollup] = {
        let quarterHour: Int64 = 900
        let hour: Int64 = 3600
        let day: Int64 = 86_400
        let migrations: [(String, tagged: Bool, [([Dimension], [Int64])])] = [
            (
                "v3-aggregates", tagged: false,
                [
                    ([.status], [quarterHour, hour, day]),
                    ([.provider, .model], [quarterHour, hour, day]),
                    ([.tenant], [quarterHour, hour, day]),
                    ([.feature], [quarterHour, hour, day]),
                    ([.team], [quarterHour, hour, day]),
                    ([.environment], [quarterHour, hour, day]),
                    ([.user], [day]),
                    ([.provider, .model, .tenant, .feature, .team, .environment, .status], [hour, day]),
                ]
            ),
            (
                // Users with each filter of the dashboard, so that active users and the cost per
                // user of one tenant, feature, team, environment or model come from rollups too;
                // and the period figures' grouping (status, provider and model) without the widest set.
                "v8-user-rollups", tagged: false,
                [
                    ([.provider, .model, .status], [quarterHour, hour, day]),
                    ([.user], [hour]),
                    ([.user, .tenant], [hour, day]),
                    ([.user, .feature], [day]),
                    ([.user, .team], [day]),
                    ([.user, .environment], [day]),
                    ([.user, .provider, .model], [day]),
                ]
            ),
            (
                // Every dimension by user, so that the hours at either end of a range (today's,
                // on the dashboard) come from a rollup when a view filters on user with another
                // dimension; the v8 day rollups keep the whole days. Its hour rows number about
                // 60% of the events they sum, half as many as one hour rollup per pair would.
                "v9-user-detail-rollups", tagged: false,
                [
                    ([.provider, .model, .tenant, .user, .feature, .team, .environment, .status], [hour, day])
                ]
            ),
            (
                // Views filtered on one tag: every dimension but users (its few tag values keep
                // it small), and users alone for active users and the cost per user.
                "v10-tag-rollups", tagged: true,
                [
                    ([.provider, .model, .tenant, .feature, .team, .environment, .status], [hour, day]),
                    ([.user], [hour, day]),
                ]
            ),
        ]
        var rollups: [Rollup] = []
        for (migration, tagged, sets) in migrations {
            for (dimensions, grains) in sets {
                for grain in grains {
                    rollups.append(
                        Rollup(id: rollups.count + 1, dimensions: dimensions, grain: grain, migration: migration, tagged: tagged))
                }
            }
        }
        return rollups.sorted { ($0.dimensions.count, $0.id) < ($1.dimensions.count, $1.id) }
    }()

    /// The rollups the migration named `migration` adds.
    static func added(inMigration migration: String) -> [Rollup] { all.filter { $0.migration == migration } }

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

    /// The row of `rollup` that the events of `group` add to, carrying `tag` in a tagged rollup.
    init(_ rollup: Rollup, _ group: EventGroup, tag: (key: String, value: String)? = nil) {
        self.rollup = rollup.id
        tagged = rollup.tagged
        if let tag {
            tagKey = tag.key
            tagValue = tag.value
        }
        bucket = group.bucket.floorDiv(rollup.grain) * rollup.grain
        priced = group.priced
        for dimension in rollup.dimensions {
            switch dimension {
            case .provider: provider = group.provider
            case .model: model = group.model
            case .tenant: tenant = group.attribution.tenant ?? ""
            case .user: user = group.attribution.user ?? ""
            case .feature: feature = group.attribution.feature ?? ""
            case .team: team = group.attribution.team ?? ""
            case .environment: environment = group.attribution.environment ?? ""
            case .status: status = group.status.rawValue
            }
        }
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

/// What decides the rollup rows an event adds to: its dimension values, tags and pricing, and the
/// bucket of the finest grain it falls in (every coarser bucket follows from that one).
struct EventGroup: Hashable {
    /// The start of the event's bucket of `Rollup.finestGrain`, in seconds since the epoch.
    var bucket: Int64
    var provider: String
    var model: String
    var attribution: Attribution
    var status: EventStatus
    var tags: [String: String]
    var priced: Bool

    init(_ priced: PricedEvent) {
        let event = priced.event
        bucket = event.timestamp.microseconds.floorDiv(Rollup.finestGrain * 1_000_000) * Rollup.finestGrain
        provider = event.provider
        model = event.model
        attribution = event.attribution
        status = event.status
        tags = event.tags
        self.priced = priced.isPriced
    }
}

extension Rollup {
    /// The greatest common divisor of every rollup's grain: a bucket of this width lies in one
    /// bucket of each rollup, since all buckets are aligned on the epoch.
    static let finestGrain: Int64 = all.map(\.grain).reduce(0) { a, b in
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}

/// Accumulates rollup changes for a batch so that each row is written once.
///
/// An event is summed once, into its `EventGroup`; the groups are spread over the rollups when
/// the rows are read. A batch of similar events, as the proxy records, then costs one hash per
/// event instead of one per rollup row it touches.
struct RollupBatch {
    private var groups: [EventGroup: RollupTotals] = [:]

    mutating func add(_ priced: PricedEvent, sign: Int64 = 1) {
        groups[EventGroup(priced), default: RollupTotals()].add(RollupTotals(priced, sign: sign))
    }

    /// The changes per rollup row, spread anew from the groups on each read.
    var cells: [RollupKey: RollupTotals] {
        var cells: [RollupKey: RollupTotals] = [:]
        for (group, totals) in groups {
            for rollup in Rollup.all {
                if rollup.tagged {
                    for tag in group.tags {
                        cells[RollupKey(rollup, group, tag: tag), default: RollupTotals()].add(totals)
                    }
                } else {
                    cells[RollupKey(rollup, group), default: RollupTotals()].add(totals)
                }
            }
        }
        return cells
    }
}
