import Foundation

/// The usage rules: requests that cost more than they did or than a ceiling, models without a price, and spend
/// concentrated in one category.
public enum UsageAlertRules {
    /// The cost and requests of one window.
    public struct WindowUsage: Sendable, Hashable {
        public var cost: Money
        public var requests: Int64

        public init(cost: Money, requests: Int64) {
            self.cost = cost
            self.requests = requests
        }

        /// The average cost of a request, nil without requests.
        public var costPerRequest: Money? { requests > 0 ? cost.scaled(by: 1, over: requests) : nil }
    }

    /// What a request usually costs in a window, from the same window on earlier weeks.
    public struct UsualCostPerRequest: Sendable, Hashable {
        /// The median of the earlier weeks' averages (the higher middle one).
        public var median: Money
        /// The ratio to `median` from which a window is too dear: `factor`, or more where the
        /// earlier weeks themselves varied more (4 robust deviations of their logarithms).
        public var alertRatio: Double
        /// The earlier weeks that held enough requests.
        public var weeks: Int
    }

    /// What a request usually costs in `window`: the same window on earlier weeks (`earlier`,
    /// newest first) that held enough requests to judge, or nil with fewer than two.
    public static func usualCostPerRequest(_ earlier: [WindowUsage], settings: CostPerRequestSettings) -> UsualCostPerRequest? {
        let averages = earlier.filter { $0.requests >= settings.minimumRequestsToCompare }.compactMap(\.costPerRequest)
            .filter { $0.nanos > 0 }
        guard averages.count >= SeasonalSpike.minimumWeeks else { return nil }
        let median = SeasonalSpike.upperMedian(averages)
        let deviations = averages.map { abs(log(Double($0.nanos) / Double(median.nanos))) }
        let spread = 1.4826 * (SeasonalSpike.medianOf(deviations) ?? 0)
        return UsualCostPerRequest(median: median, alertRatio: max(settings.factor, exp(4 * spread)), weeks: averages.count)
    }

    /// The average cost per request over `window` when it is above the ceiling, or too many times
    /// what a request cost in the same window on earlier weeks (`earlier`, newest first; see
    /// `UsualCostPerRequest.alertRatio`), and the window holds enough requests to judge.
    public static func costPerRequest(
        _ usage: WindowUsage, earlier: [WindowUsage], window: Range<Timestamp>, weekday: String, settings: CostPerRequestSettings
    ) -> AlertObservation? {
        guard usage.requests >= settings.minimumRequests, let average = usage.costPerRequest else { return nil }
        let usual = usage.requests >= settings.minimumRequestsToCompare ? usualCostPerRequest(earlier, settings: settings) : nil
        let ratio = usual.map { Double(average.nanos) / Double($0.median.nanos) }
        let aboveUsual = if let usual, let ratio { ratio >= usual.alertRatio } else { false }
        guard average > settings.threshold || aboveUsual else { return nil }
        let minutes = settings.windowSeconds / 60
        let head =
            "Requests cost \(Figures.unitUSD(average)) each on average over the last \(minutes) minutes (\(Figures.count(usage.requests)) requests, \(Figures.usd(usage.cost)))"
        let reason: String
        if aboveUsual, let usual, let ratio {
            reason =
                ", \(Figures.formatted(ratio, decimals: 1))x the \(Figures.unitUSD(usual.median)) of the same \(minutes) minutes on the last \(usual.weeks) \(weekday)s (the median; an alert from \(Figures.formatted(usual.alertRatio, decimals: 1))x): a price change, or traffic moved to a dearer model."
        } else {
            reason = ", above the limit of \(Figures.unitUSD(settings.threshold))."
        }
        var figures: [AlertFigure] = [
            .usd("cost_per_request_usd", average), .usd("threshold_usd", settings.threshold), .usd("cost_usd", usage.cost),
            .count("requests", usage.requests), .count("window_seconds", settings.windowSeconds),
        ]
        if let usual {
            figures.append(.usd("usual_cost_per_request_usd", usual.median))
            figures.append(.ratio("alert_ratio", usual.alertRatio))
        }
        if let ratio { figures.append(.ratio("ratio", ratio)) }
        return AlertObservation(
            rule: AlertRuleID.costPerRequest.rawValue, key: "total", severity: .warning, summary: head + reason, figures: figures,
            link: AlertLink.view("breakdown", from: window.lowerBound, to: window.upperBound, extra: [("by", "model")]),
            pendingSeconds: settings.pendingSeconds)
    }

    /// A model that was used without a price: its cost is missing from every figure.
    public struct UnpricedUse: Sendable, Hashable {
        public var provider: String
        public var model: String
        public var requests: Int64
        public var tokens: Int64
        /// For a model that is priced but lacks rates its requests used: what it lacks
        /// (`UnbilledRates.names`); empty for a model with no price at all.
        public var unbilled: [String]

        public init(provider: String, model: String, requests: Int64, tokens: Int64, unbilled: [String] = []) {
            self.provider = provider
            self.model = model
            self.requests = requests
            self.tokens = tokens
            self.unbilled = unbilled
        }
    }

    /// One observation per model used without a price in `window`.
    public static func unpricedModels(_ uses: [UnpricedUse], window: Range<Timestamp>) -> [AlertObservation] {
        let hours = (window.upperBound.microseconds - window.lowerBound.microseconds) / 3_600_000_000
        return uses.map { use in
            let provider = use.provider.isEmpty ? "no provider" : use.provider
            let summary =
                use.unbilled.isEmpty
                ? "Model '\(use.model)' (\(provider)) has no price: \(Figures.count(use.requests)) requests and \(Figures.count(use.tokens)) tokens in the last \(hours) hours are not counted in any cost. Set a price (PUT /api/v1/prices/\(use.model)) and reprice."
                : "Model '\(use.model)' (\(provider)) is priced without a rate for \(use.unbilled.joined(separator: ", ")): \(Figures.count(use.requests)) requests in the last \(hours) hours are billed without that part. Add the rate (PUT /api/v1/prices/\(use.model)) and reprice."
            var figures: [AlertFigure] = [
                .text("provider", use.provider), .text("model", use.model), .count("requests", use.requests), .count("tokens", use.tokens),
            ]
            if !use.unbilled.isEmpty { figures.append(.text("unbilled", use.unbilled.joined(separator: ","))) }
            return AlertObservation(
                rule: AlertRuleID.unpricedModel.rawValue, key: "\(use.provider)/\(use.model)\(use.unbilled.isEmpty ? "" : "#partial")",
                severity: .warning, summary: summary, figures: figures,
                labels: ["provider": use.provider, "model": use.model],
                link: AlertLink.view("summary", filters: [("model", use.model)], from: window.lowerBound, to: window.upperBound))
        }
    }

    /// One observation per category-share finding of `range` (the month so far).
    public static func categoryShare(_ findings: [Finding], range: Range<Timestamp>) -> [AlertObservation] {
        findings.map { finding in
            AlertObservation(
                rule: AlertRuleID.categoryShare.rawValue, key: finding.code, severity: finding.severity,
                summary: finding.message + (finding.action.map { " " + $0 } ?? ""),
                figures: [.text("finding", finding.code)], labels: ["finding": finding.code],
                link: AlertLink.view("breakdown", from: range.lowerBound, to: range.upperBound, extra: [("by", "category")]))
        }
    }
}
