import BurnrateCore
import BurnrateStore

/// What the recommendations need from the configuration: the routing map and the features whose
/// results nobody waits for.
public struct RecommendationConfiguration: Sendable, Hashable {
    /// Model → the cheaper model the team accepts for its small requests (`provider/model` or a
    /// bare model name on either side).
    public var routing: [String: String]
    /// Features that may run through a batch API.
    public var nonInteractiveFeatures: [String]
    /// The self-hosted deployments, for right-sizing.
    public var deployments: [Deployment]

    public init(routing: [String: String] = [:], nonInteractiveFeatures: [String] = [], deployments: [Deployment] = []) {
        self.routing = routing
        self.nonInteractiveFeatures = nonInteractiveFeatures
        self.deployments = deployments
    }
}

extension CostAnalytics {
    /// Gathers the scope's figures for the recommendation rules: aggregates per feature and per
    /// feature and model, the store's prompt-repetition and batch profiles, and from the catalog
    /// (prices in effect at the end of the scope) each model's cache-read and batch discounts and
    /// the routing map's targets.
    func recommendationFigures(
        _ scope: AnalyticsScope, configuration: RecommendationConfiguration, catalog: PriceCatalog
    ) async throws -> RecommendationFigures {
        var figures = RecommendationFigures(
            window: scope.range, spend: .zero, nonInteractiveFeatures: Set(configuration.nonInteractiveFeatures))
        guard scope.includesTokenCosts else { return figures }
        for group in try await aggregate(scope, by: [.dimension(.feature)]) {
            let totals = group.totals
            figures.spend += totals.cost.total
            let requests = totals.requests - totals.unpricedRequests
            guard requests > 0 else { continue }
            figures.features.append(
                FeatureUsage(
                    feature: group.keys[0], requests: requests, usage: Self.subtract(totals.unpricedUsage, from: totals.usage),
                    cost: totals.cost))
        }
        var models: Set<[String]> = []
        var deploymentTokens = Array(repeating: Int64(0), count: configuration.deployments.count)
        var interruptibleTokens = deploymentTokens
        for group in try await aggregate(scope, by: [.dimension(.feature), .dimension(.provider), .dimension(.model)]) {
            let totals = group.totals
            for (index, deployment) in configuration.deployments.enumerated()
            where deployment.matches(provider: group.keys[1] ?? "", model: group.keys[2] ?? "") {
                deploymentTokens[index] += totals.usage.totalTokens
                if let feature = group.keys[0], figures.nonInteractiveFeatures.contains(feature) {
                    interruptibleTokens[index] += totals.usage.totalTokens
                }
            }
            let requests = totals.requests - totals.unpricedRequests
            guard requests > 0 else { continue }
            let provider = group.keys[1] ?? ""
            let model = group.keys[2] ?? ""
            models.insert([provider, model])
            figures.models.append(
                ModelUsage(
                    feature: group.keys[0], provider: provider, model: model, requests: requests,
                    usage: Self.subtract(totals.unpricedUsage, from: totals.usage), cost: totals.cost.total))
        }
        figures.deployments = Array(zip(configuration.deployments, deploymentTokens))
        if !configuration.deployments.isEmpty {
            var activeDays = Array(repeating: Set<Timestamp>(), count: configuration.deployments.count)
            for group in try await aggregate(scope, by: [.dimension(.provider), .dimension(.model), .time(.day)])
            where group.totals.requests > 0 {
                guard let day = group.bucket else { continue }
                for (index, deployment) in configuration.deployments.enumerated()
                where deployment.matches(provider: group.keys[0] ?? "", model: group.keys[1] ?? "") {
                    activeDays[index].insert(day)
                }
            }
            let seconds = (scope.range.upperBound.microseconds - scope.range.lowerBound.microseconds) / 1_000_000
            let days = Int((seconds + 86_399) / 86_400)
            for (index, deployment) in configuration.deployments.enumerated() {
                figures.deploymentActivity[deployment.id] = DeploymentActivity(
                    days: days, daysWithTraffic: min(days, activeDays[index].count), interruptibleTokens: interruptibleTokens[index])
            }
        }
        figures.repetition = try await store.promptRepetition(scope.filter)
        figures.batch = try await store.batchProfile(scope.filter)
        let now = scope.range.upperBound
        for pair in models {
            guard case .priced(let entry) = catalog.lookup(provider: pair[0], model: pair[1], at: now) else { continue }
            let key = "\(pair[0])/\(pair[1])"
            let input = entry.rates.input.picoUSDPerToken
            if input > 0 {
                if let read = entry.rates.cacheRead?.picoUSDPerToken, read < input {
                    figures.cacheReadDiscounts[key] = (input - read) * 1_000_000 / input
                }
                switch entry.tiers["batch"] {
                case .discount(let millionths): figures.batchDiscounts[key] = millionths
                case .rates(let rates, _) where rates.input.picoUSDPerToken < input:
                    figures.batchDiscounts[key] = (input - rates.input.picoUSDPerToken) * 1_000_000 / input
                default: break
                }
            }
            if let targetName = Self.routeTarget(of: pair, in: configuration.routing, catalog: catalog),
                let target = Self.price(of: targetName, at: now, in: catalog)
            {
                figures.routes.append(ModelRoute(fromProvider: pair[0], fromModel: pair[1], target: target))
            }
        }
        return figures
    }

    /// The routing map's entries that cannot be used because the catalog has no price for the
    /// model named, one sentence each, so that a misspelt model is reported rather than ignored.
    static func routingProblems(_ routing: [String: String], catalog: PriceCatalog) -> [String] {
        routing.sorted { $0.key < $1.key }.flatMap { source, target in
            [source, target].filter { history(of: $0, in: catalog).isEmpty }.map { name in
                "routing.\(source): no price for '\(name)', so this entry is ignored; GET /api/v1/prices lists the priced models."
            }
        }
    }

    /// The routing map's target for `provider/model`, matched by `provider/model` or model name.
    static func routeTarget(of pair: [String], in routing: [String: String], catalog: PriceCatalog) -> String? {
        if let target = routing["\(pair[0])/\(pair[1])"] ?? routing[pair[1]] { return target }
        for (source, target) in routing {
            let history = Self.history(of: source, in: catalog)
            if let first = history.first, first.provider == pair[0], first.model == pair[1] { return target }
        }
        return nil
    }

    /// The price of `provider/model` or a bare model name at `time`.
    static func price(of name: String, at time: Timestamp, in catalog: PriceCatalog) -> PriceEntry? {
        guard let first = history(of: name, in: catalog).first,
            case .priced(let entry) = catalog.lookup(provider: first.provider, model: first.model, at: time)
        else { return nil }
        return entry
    }

    static func history(of name: String, in catalog: PriceCatalog) -> [PriceEntry] {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            let history = catalog.history(provider: parts[0], model: parts[1])
            if !history.isEmpty { return history }
        }
        return catalog.history(provider: nil, model: name)
    }
}
