import BurnrateCore
import BurnrateStore

/// Non-token cost in an analytics scope: each cost item's share of the range, matched against
/// the filters and, when the item is shared, allocated by usage.
struct ItemLine: Sendable, Hashable {
    /// One value per grouping key, as breakdown lines have them.
    var keys: [String?]
    var category: CostCategory
    var amount: Money
    /// Whether the amount is a usage-based share of a shared item rather than a direct cost.
    var allocated: Bool
}

extension CostAnalytics {
    /// The dimensions a shared cost item can be allocated along.
    static let allocatableDimensions: [Dimension] = [.tenant, .feature, .team]

    /// The cost items' amounts in the scope, grouped by `keys`.
    ///
    /// An item counts for a dimension filter or grouping through its own attribution (a GPU
    /// cluster bought for one tenant); a shared item is split along the dimension its rule names
    /// (tenant, feature or team) by the rule's basis, in proportion to the usage in the part of its
    /// period that falls in the range;
    /// along any other dimension an item without a value has none (`nil`). Items have no model,
    /// user or status: a filter on those leaves items out.
    func itemLines(_ scope: AnalyticsScope, by keys: [GroupingKey]) async throws -> [ItemLine] {
        try await itemLines(scope, by: keys, of: try await store.costItems(overlapping: scope.range.lowerBound, to: scope.range.upperBound))
    }

    /// `itemLines(_:by:)` over items already read, for callers that look at many sub-ranges of one
    /// range (the periods of a time series or a trend).
    func itemLines(_ scope: AnalyticsScope, by keys: [GroupingKey], of items: [CostItem]) async throws -> [ItemLine] {
        var lines: [ItemLine] = []
        // Items of the same period and attribution (the monthly shared items) split alike.
        var usage = UsageGroups()
        for item in items where item.overlaps(from: scope.range.lowerBound, to: scope.range.upperBound) {
            guard scope.categories.isEmpty || scope.categories.contains(item.category.rawValue), matchesFixedFilters(item, scope) else {
                continue
            }
            let amount = CostSpread.amount(of: item, from: scope.range.lowerBound, to: scope.range.upperBound)
            guard amount != .zero else { continue }
            let filtered = Self.allocatableDimensions.filter { scope.filter.dimensions[$0]?.isEmpty == false }
            let grouped = keys.compactMap { key -> Dimension? in
                if case .dimension(let dimension) = key, Self.allocatableDimensions.contains(dimension) { return dimension }
                return nil
            }
            let open = Array(Set(filtered + grouped)).filter { Self.value(of: item, $0) == nil }.sorted { $0.rawValue < $1.rawValue }
            if open.isEmpty {
                guard filtered.allSatisfy({ scope.filter.dimensions[$0]!.contains(Self.value(of: item, $0)!) }) else { continue }
                lines.append(ItemLine(keys: keys.map { Self.key($0, of: item) }, category: item.category, amount: amount, allocated: false))
                continue
            }
            guard let rule = item.allocation, let target = open.first(where: { $0.rawValue == rule.target.rawValue }) else {
                // Neither attributed nor shared along a filtered dimension: outside the filter.
                guard open.allSatisfy({ !filtered.contains($0) }) else { continue }
                lines.append(ItemLine(keys: keys.map { Self.key($0, of: item) }, category: item.category, amount: amount, allocated: false))
                continue
            }
            guard open.allSatisfy({ $0 == target || !filtered.contains($0) }) else { continue }
            for (values, share) in try await allocate(amount, of: item, rule: rule, along: [target], within: scope.range, usage: &usage) {
                let assigned = Dictionary(uniqueKeysWithValues: zip([target], values))
                let matches = filtered.allSatisfy { dimension in
                    let value = assigned[dimension] ?? Self.value(of: item, dimension)
                    return value.map { scope.filter.dimensions[dimension]!.contains($0) } ?? false
                }
                guard matches else { continue }
                let lineKeys = keys.map { key -> String? in
                    if case .dimension(let dimension) = key, let value = assigned[dimension] { return value }
                    return Self.key(key, of: item)
                }
                lines.append(ItemLine(keys: lineKeys, category: item.category, amount: share, allocated: true))
            }
        }
        return lines
    }

    /// Usage groups already read, by filter and dimensions.
    typealias UsageGroups = [EventFilter: [[Dimension]: [AggregateGroup]]]

    /// Splits `amount` along `dimensions` by the usage, within the item's own attribution, of the
    /// overlap of its period and `range`; values are `nil` where usage had none, and the whole
    /// amount goes to all-`nil` values when nothing was used. `usage` keeps the groups read, for
    /// the next item with the same period and attribution.
    func allocate(
        _ amount: Money, of item: CostItem, rule: CostAllocationRule, along dimensions: [Dimension], within range: Range<Timestamp>,
        usage: inout UsageGroups
    ) async throws -> [(values: [String?], share: Money)] {
        var filter = EventFilter(
            from: max(range.lowerBound, item.periodStart), to: min(range.upperBound, item.periodEnd ?? range.upperBound))
        for dimension in Self.allocatableDimensions + [.environment] {
            if let value = Self.value(of: item, dimension) { filter.dimensions[dimension] = [value] }
        }
        let separator = "\u{1F}"
        var weights: [String: Int64] = [:]
        var values: [String: [String?]] = [:]
        if let from = filter.from, let to = filter.to, from < to {
            let groups: [AggregateGroup]
            if let read = usage[filter]?[dimensions] {
                groups = read
            } else {
                groups = try await store.aggregate(filter, by: dimensions.map { .dimension($0) })
                usage[filter, default: [:]][dimensions] = groups
            }
            for group in groups {
                let key = group.keys.map { $0 ?? "\u{0}" }.joined(separator: separator)
                values[key] = group.keys
                let weight: Int64 =
                    switch rule.basis {
                    case .tokens: group.totals.usage.totalTokens
                    case .requests: group.totals.requests
                    case .gpuSeconds: group.totals.gpuMicroseconds
                    }
                weights[key, default: 0] += weight
            }
        }
        return Allocation.split(amount, weights: weights).map { key, share in
            (values[key] ?? dimensions.map { _ in nil }, share)
        }
    }

    /// Whether the item passes the filters that are not allocated: provider, environment, tags,
    /// and the dimensions items never have.
    func matchesFixedFilters(_ item: CostItem, _ scope: AnalyticsScope) -> Bool {
        for (dimension, accepted) in scope.filter.dimensions where !accepted.isEmpty {
            switch dimension {
            case .tenant, .feature, .team: continue
            case .environment, .provider:
                guard let value = Self.value(of: item, dimension), accepted.contains(value) else { return false }
            case .model, .user, .status:
                return false
            }
        }
        for (tag, accepted) in scope.filter.tags where !accepted.isEmpty {
            guard let value = item.tags[tag], accepted.contains(value) else { return false }
        }
        return true
    }

    /// The item's own value of a dimension.
    static func value(of item: CostItem, _ dimension: Dimension) -> String? {
        switch dimension {
        case .tenant: item.attribution.tenant
        case .feature: item.attribution.feature
        case .team: item.attribution.team
        case .environment: item.attribution.environment
        case .provider: item.provider?.lowercased()
        case .model, .user, .status: nil
        }
    }

    /// The item's value of a grouping key.
    static func key(_ key: GroupingKey, of item: CostItem) -> String? {
        switch key {
        case .category: item.category.rawValue
        case .tag(let name): item.tags[name]
        case .dimension(let dimension): value(of: item, dimension)
        }
    }
}
