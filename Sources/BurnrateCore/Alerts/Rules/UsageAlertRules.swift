/// The usage rules: requests that cost too much on average, models without a price, and spend
/// concentrated in one category.
public enum UsageAlertRules {
    /// The average cost per request over `window` when it is above the limit and the window
    /// holds enough requests to judge.
    public static func costPerRequest(
        cost: Money, requests: Int64, window: Range<Timestamp>, settings: CostPerRequestSettings
    )
        -> AlertObservation?
    {
        guard requests >= settings.minimumRequests, requests > 0 else { return nil }
        let average = cost.scaled(by: 1, over: requests)
        guard average > settings.threshold else { return nil }
        return AlertObservation(
            rule: AlertRuleID.costPerRequest.rawValue, key: "total", severity: .warning,
            summary:
                "Requests cost \(Figures.usd(average)) each on average over the last \(settings.windowSeconds / 60) minutes (\(Figures.count(requests)) requests, \(Figures.usd(cost))), above the limit of \(Figures.usd(settings.threshold)).",
            figures: [
                .usd("cost_per_request_usd", average), .usd("threshold_usd", settings.threshold), .usd("cost_usd", cost),
                .count("requests", requests), .count("window_seconds", settings.windowSeconds),
            ],
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
