/// Turns a window's figures into ranked recommendations. Every rule is silent without the
/// evidence it needs: no repeated prompts, no cache, no routing map, no batch tier, no peers.
public enum Recommendations {
    /// Every rule's recommendations worth at least `settings.minimumMonthlySavings` a month,
    /// largest saving first (then by id), with their total and share of monthly spend.
    public static func evaluate(
        _ figures: RecommendationFigures, settings: RecommendationSettings = RecommendationSettings()
    )
        -> RecommendationReport
    {
        let all =
            exactMatchCaching(figures, settings) + promptCaching(figures, settings) + modelRouting(figures, settings)
            + batchAPI(figures, settings) + oversizedPrompts(figures, settings) + rightSizing(figures, settings)
            + reservedCapacity(figures, settings) + spotCapacity(figures, settings)
        let kept = all.filter { $0.monthlySavings >= settings.minimumMonthlySavings }
            .sorted { ($0.monthlySavings, $1.id) > ($1.monthlySavings, $0.id) }
        var largest: [String: Money] = [:]
        for recommendation in kept where largest[recommendation.overlapKey] == nil {
            largest[recommendation.overlapKey] = recommendation.monthlySavings
        }
        // Monthly spend: the token spend scaled to a month plus each deployment's fixed month.
        let selfHosted = figures.deployments.reduce(Money.zero) { sum, item in
            sum + item.deployment.cost.monthly(hours: RecommendationFigures.monthSeconds / 3600)
        }
        return RecommendationReport(
            recommendations: kept, totalMonthlySavings: largest.values.reduce(.zero, +),
            monthlySpend: figures.monthly(figures.spend) + selfHosted)
    }

    static func name(_ feature: String?) -> String { feature ?? "(no feature)" }

    static func ratio(_ part: Int64, _ whole: Int64) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }

    /// Exact-match caching: per feature, the requests that repeat a prompt already sent to the
    /// same model would be answered from a cache. Saving: the average cost of a repeated request
    /// times the repeats after each prompt's first.
    static func exactMatchCaching(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        Dictionary(grouping: figures.repetition, by: \.feature).compactMap { feature, rows in
            let hashed = rows.reduce(0) { $0 + $1.hashedRequests }
            let cacheable = rows.reduce(0) { $0 + $1.cacheableRequests }
            let share = ratio(cacheable, hashed)
            guard hashed >= settings.minimumRequests, cacheable > 0, share >= settings.minimumRepeatShare else { return nil }
            let saving = rows.reduce(Money.zero) { sum, row in
                row.repeatedRequests > 0 ? sum + row.repeatedCost.scaled(by: row.cacheableRequests, over: row.repeatedRequests) : sum
            }
            return Recommendation(
                id: "\(RecommendationRule.exactMatchCache.rawValue)/\(name(feature))", rule: .exactMatchCache,
                title: "Cache exact repeats in \(name(feature))",
                action:
                    "\(Int((share * 100).rounded()))% of \(name(feature))'s hashed requests repeat a prompt already sent to the same model; answer them from a response cache keyed on model and prompt hash.",
                monthlySavings: figures.monthly(saving), effort: .medium, risk: .medium,
                evidence: [
                    Evidence("hashed_requests", .count(hashed)),
                    Evidence("distinct_prompts", .count(rows.reduce(0) { $0 + $1.distinctPrompts })),
                    Evidence("repeated_requests", .count(cacheable)), Evidence("repeat_share", .ratio(share)),
                    Evidence("repeated_prompt_cost", .money(rows.reduce(.zero) { $0 + $1.repeatedCost })),
                    Evidence("window_saving", .money(saving)),
                ],
                overlapKey: "repeats/\(name(feature))")
        }
    }

    /// Provider prompt caching: repeated prompts large enough to cache, mostly not read from
    /// cache, on models with cheaper cache reads. Saving: the uncached input cost of the repeats
    /// after each prompt's first, times the model's cache-read discount.
    static func promptCaching(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        Dictionary(grouping: figures.repetition, by: \.feature).compactMap { feature, rows in
            var saving = Money.zero
            var requests: Int64 = 0
            var input: Int64 = 0
            var cached: Int64 = 0
            for row in rows where row.repeatedRequests > 0 {
                guard let discount = figures.cacheReadDiscounts["\(row.provider)/\(row.model)"], discount > 0,
                    row.repeatedInputTokens / row.repeatedRequests >= settings.promptCacheMinimumInputTokens
                else { continue }
                requests += row.repeatedRequests
                input += row.repeatedInputTokens
                cached += row.repeatedCacheReadTokens
                saving += row.repeatedUncachedInputCost.scaled(by: row.cacheableRequests, over: row.repeatedRequests)
                    .scaled(by: discount, over: 1_000_000)
            }
            let readShare = ratio(cached, input)
            guard saving > .zero, requests >= settings.minimumRequests, readShare < settings.promptCacheMaximumReadShare else {
                return nil
            }
            return Recommendation(
                id: "\(RecommendationRule.promptCaching.rawValue)/\(name(feature))", rule: .promptCaching,
                title: "Turn on prompt caching in \(name(feature))",
                action:
                    "\(name(feature)) sends large prompts repeatedly but reads only \(Int((readShare * 100).rounded()))% of their input from the provider's prompt cache; mark the stable prefix cacheable (cache_control, or a stable prefix for automatic caching).",
                monthlySavings: figures.monthly(saving), effort: .low, risk: .low,
                evidence: [
                    Evidence("repeated_requests", .count(requests)), Evidence("average_input_tokens", .count(input / requests)),
                    Evidence("cache_read_share", .ratio(readShare)), Evidence("window_saving", .money(saving)),
                ],
                overlapKey: "repeats/\(name(feature))")
        }
    }

    /// Model routing: a feature's small requests on a model the routing map says may be replaced,
    /// repriced on the cheaper model. Saving: actual cost minus the cost on the cheaper model.
    static func modelRouting(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        figures.models.compactMap { usage in
            guard usage.requests >= settings.minimumRequests,
                let route = figures.routes.first(where: { $0.fromProvider == usage.provider && $0.fromModel == usage.model })
            else { return nil }
            let averageInput = usage.usage.inputTokens / usage.requests
            let averageOutput = usage.usage.outputTokens / usage.requests
            guard averageInput <= settings.smallRequestInputTokens, averageOutput <= settings.smallRequestOutputTokens else { return nil }
            let projected = WhatIf.cost(of: usage.usage, requests: usage.requests, on: route.target)
            guard projected < usage.cost else { return nil }
            let saving = usage.cost - projected
            return Recommendation(
                id: "\(RecommendationRule.modelRouting.rawValue)/\(name(usage.feature))/\(usage.provider)/\(usage.model)",
                rule: .modelRouting, title: "Route \(name(usage.feature))'s small requests from \(usage.model) to \(route.target.model)",
                action:
                    "\(name(usage.feature)) sends small requests (\(averageInput) input, \(averageOutput) output tokens on average) to \(usage.model); the routing map accepts \(route.target.model) for them.",
                monthlySavings: figures.monthly(saving), effort: .medium, risk: .medium,
                evidence: [
                    Evidence("requests", .count(usage.requests)), Evidence("average_input_tokens", .count(averageInput)),
                    Evidence("average_output_tokens", .count(averageOutput)), Evidence("actual_cost", .money(usage.cost)),
                    Evidence("cost_on_target", .money(projected)), Evidence("target_price_id", .text(route.target.id)),
                ],
                overlapKey: "models/\(name(usage.feature))")
        }
    }

    /// Batch API: a feature declared non-interactive, or one already sending part of its traffic
    /// through a batch API, moves its other requests there. Saving: their cost times each model's
    /// batch discount.
    static func batchAPI(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        Dictionary(grouping: figures.batch, by: \.feature).compactMap { feature, rows in
            let requests = rows.reduce(0) { $0 + $1.requests }
            let batched = rows.reduce(0) { $0 + $1.batchRequests }
            let share = ratio(batched, requests)
            let declared = feature.map { figures.nonInteractiveFeatures.contains($0) } ?? false
            guard requests >= settings.minimumRequests, declared || share >= settings.batchObservedShare else { return nil }
            var saving = Money.zero
            var eligible = Money.zero
            for row in rows {
                guard let discount = figures.batchDiscounts["\(row.provider)/\(row.model)"], discount > 0 else { continue }
                eligible += row.interactiveCost
                saving += row.interactiveCost.scaled(by: discount, over: 1_000_000)
            }
            guard saving > .zero else { return nil }
            let reason =
                declared
                ? "is declared non-interactive" : "already sends \(Int((share * 100).rounded()))% of its requests through a batch API"
            return Recommendation(
                id: "\(RecommendationRule.batchAPI.rawValue)/\(name(feature))", rule: .batchAPI,
                title: "Send \(name(feature)) through the batch API",
                action:
                    "\(name(feature)) \(reason); send the rest of its requests through the providers' batch APIs (results within 24 hours).",
                monthlySavings: figures.monthly(saving), effort: .medium, risk: .low,
                evidence: [
                    Evidence("requests", .count(requests)), Evidence("batch_requests", .count(batched)),
                    Evidence("batch_share", .ratio(share)),
                    Evidence("declared_non_interactive", .text(declared ? "yes" : "no")),
                    Evidence("interactive_cost_with_batch_tier", .money(eligible)), Evidence("window_saving", .money(saving)),
                ],
                overlapKey: "models/\(name(feature))")
        }
    }

    /// Oversized prompts: a feature whose average input is `oversizedFactor` times the median
    /// of the other features'. Saving: its uncached input cost above that bound.
    static func oversizedPrompts(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        let features = figures.features.filter { $0.requests >= settings.minimumRequests }
        return features.compactMap { usage in
            let peers = features.filter { $0.feature != usage.feature }.map { Double($0.usage.inputTokens) / Double($0.requests) }.sorted()
            guard peers.count >= settings.minimumPeers else { return nil }
            let median = peers.count % 2 == 1 ? peers[peers.count / 2] : (peers[peers.count / 2 - 1] + peers[peers.count / 2]) / 2
            let average = Double(usage.usage.inputTokens) / Double(usage.requests)
            let bound = median * settings.oversizedFactor
            guard median > 0, average > bound else { return nil }
            // The share of input above the bound, in millionths, applied to the uncached input cost.
            let excess = Int64(((average - bound) / average * 1_000_000).rounded())
            let saving = usage.cost.uncachedInput.scaled(by: excess, over: 1_000_000)
            return Recommendation(
                id: "\(RecommendationRule.oversizedPrompts.rawValue)/\(name(usage.feature))", rule: .oversizedPrompts,
                title: "Trim \(name(usage.feature))'s prompts",
                action:
                    "\(name(usage.feature))'s prompts average \(Int64(average)) input tokens, \((average / median * 10).rounded() / 10) times the median of the other features (\(Int64(median))); trim retrieved context, history or instructions toward \(Int64(bound)).",
                monthlySavings: figures.monthly(saving), effort: .medium, risk: .medium,
                evidence: [
                    Evidence("requests", .count(usage.requests)), Evidence("average_input_tokens", .count(Int64(average))),
                    Evidence("peer_median_input_tokens", .count(Int64(median))), Evidence("peers", .count(Int64(peers.count))),
                    Evidence("uncached_input_cost", .money(usage.cost.uncachedInput)), Evidence("window_saving", .money(saving)),
                ],
                overlapKey: "oversized/\(name(usage.feature))")
        }
    }

    /// Self-hosted right-sizing: a rented GPU deployment using less than half its declared
    /// capacity keeps the GPUs its traffic needs at the target utilization. Saving: the GPUs
    /// released × hourly rate × hours in a month × (1 − discount). Owned hardware is a sunk cost
    /// and gets no recommendation.
    static func rightSizing(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        figures.deployments.compactMap { deployment, tokens in
            guard case .cloud(let type, let count, let rate, let discount) = deployment.cost,
                let (utilization, capacity) = utilization(of: deployment, tokens: tokens, in: figures.window),
                utilization < settings.rightSizeBelowUtilization
            else { return nil }
            let needed = neededGPUs(count: count, utilization: utilization, settings)
            guard needed < count else { return nil }
            let saving = gpuMonths(count - needed, at: rate, paying: 1_000_000 - discount)
            return Recommendation(
                id: "\(RecommendationRule.selfHostedRightSize.rawValue)/\(deployment.id)", rule: .selfHostedRightSize,
                title: "Right-size \(deployment.id) from \(count) to \(needed) \(type) GPUs",
                action:
                    "\(deployment.id) served \(Int((utilization * 100).rounded()))% of its declared capacity; \(needed) GPUs would run it at \(Int((settings.rightSizeTargetUtilization * 100).rounded()))% or less.",
                monthlySavings: saving, effort: .medium, risk: .medium,
                evidence: [
                    Evidence("tokens", .count(tokens)), Evidence("capacity_tokens", .count(capacity)),
                    Evidence("utilization", .ratio(utilization)),
                    Evidence("gpus", .count(count)), Evidence("recommended_gpus", .count(needed)), Evidence("hourly_rate", .money(rate)),
                ],
                overlapKey: "self-hosted/\(deployment.id)")
        }
    }

    /// Reserved capacity: rented GPUs paid on demand that served traffic on nearly every day of
    /// a long enough window run a steady baseline; commit to the GPUs it needs (the right-sized
    /// count when right-sizing applies) at the declared reserved discount. Saving: reserved GPUs ×
    /// hourly rate × hours in a month × (reserved discount − current discount).
    static func reservedCapacity(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        figures.deployments.compactMap { deployment, tokens in
            guard case .cloud(let type, let count, let rate, let discount) = deployment.cost,
                let reserved = deployment.offers.reservedDiscountMillionths, reserved > discount,
                let activity = figures.deploymentActivity[deployment.id], activity.days >= settings.reservedMinimumDays
            else { return nil }
            let activeShare = ratio(Int64(activity.daysWithTraffic), Int64(activity.days))
            guard activeShare >= settings.reservedMinimumActiveDayShare else { return nil }
            var gpus = count
            if let (utilization, _) = utilization(of: deployment, tokens: tokens, in: figures.window),
                utilization < settings.rightSizeBelowUtilization
            {
                gpus = neededGPUs(count: count, utilization: utilization, settings)
            }
            let saving = gpuMonths(gpus, at: rate, paying: reserved - discount)
            return Recommendation(
                id: "\(RecommendationRule.selfHostedReserved.rawValue)/\(deployment.id)", rule: .selfHostedReserved,
                title: "Reserve \(gpus) \(type) GPUs for \(deployment.id)",
                action:
                    "\(deployment.id) served traffic on \(activity.daysWithTraffic) of \(activity.days) days, a steady baseline paid at on-demand rates; commit to \(gpus) GPUs (reserved instances, savings plan or committed use) at the \(Int((Double(reserved) / 10_000).rounded()))% discount you declared.",
                monthlySavings: saving, effort: .low, risk: .medium,
                evidence: [
                    Evidence("days_with_traffic", .count(Int64(activity.daysWithTraffic))), Evidence("days", .count(Int64(activity.days))),
                    Evidence("gpus", .count(count)), Evidence("reserved_gpus", .count(gpus)), Evidence("hourly_rate", .money(rate)),
                    Evidence("current_discount", .ratio(Double(discount) / 1_000_000)),
                    Evidence("reserved_discount", .ratio(Double(reserved) / 1_000_000)),
                ],
                overlapKey: "self-hosted-pricing/\(deployment.id)")
        }
    }

    /// Spot capacity: rented GPUs whose traffic comes almost all from features declared
    /// non-interactive can run on interruptible capacity. Saving: GPUs × hourly rate × hours in
    /// a month × (spot discount − current discount). An alternative to reserving the same GPUs.
    static func spotCapacity(_ figures: RecommendationFigures, _ settings: RecommendationSettings) -> [Recommendation] {
        figures.deployments.compactMap { deployment, tokens in
            guard case .cloud(let type, let count, let rate, let discount) = deployment.cost,
                let spot = deployment.offers.spotDiscountMillionths, spot > discount, tokens > 0,
                let activity = figures.deploymentActivity[deployment.id]
            else { return nil }
            let share = ratio(activity.interruptibleTokens, tokens)
            guard share >= settings.spotMinimumInterruptibleShare else { return nil }
            let saving = gpuMonths(count, at: rate, paying: spot - discount)
            return Recommendation(
                id: "\(RecommendationRule.selfHostedSpot.rawValue)/\(deployment.id)", rule: .selfHostedSpot,
                title: "Run \(deployment.id) on spot \(type) GPUs",
                action:
                    "\(Int((share * 100).rounded()))% of \(deployment.id)'s tokens come from features declared non-interactive; run them on spot (preemptible) GPUs at the \(Int((Double(spot) / 10_000).rounded()))% discount you declared, with retries or checkpoints for interruptions.",
                monthlySavings: saving, effort: .medium, risk: .high,
                evidence: [
                    Evidence("tokens", .count(tokens)), Evidence("interruptible_tokens", .count(activity.interruptibleTokens)),
                    Evidence("interruptible_share", .ratio(share)), Evidence("gpus", .count(count)),
                    Evidence("hourly_rate", .money(rate)), Evidence("current_discount", .ratio(Double(discount) / 1_000_000)),
                    Evidence("spot_discount", .ratio(Double(spot) / 1_000_000)),
                ],
                overlapKey: "self-hosted-pricing/\(deployment.id)")
        }
    }

    /// Tokens served ÷ the declared capacity of the window, with that capacity; `nil` without a
    /// declared throughput.
    static func utilization(of deployment: Deployment, tokens: Int64, in window: Range<Timestamp>) -> (Double, Int64)? {
        let seconds = (window.upperBound.microseconds - window.lowerBound.microseconds) / 1_000_000
        guard let throughput = deployment.throughputTokensPerSecond, seconds > 0 else { return nil }
        let capacity = throughput * seconds
        return (ratio(tokens, capacity), capacity)
    }

    /// `gpus` GPUs at `rate` an hour for the whole hours of an average month (730), times a share
    /// of the rate in millionths.
    static func gpuMonths(_ gpus: Int64, at rate: Money, paying millionths: Int64) -> Money {
        rate.scaled(by: gpus * (RecommendationFigures.monthSeconds / 3600) * millionths, over: 1_000_000)
    }

    /// The GPUs that serve a load using `utilization` of `count` GPUs at the target utilization.
    static func neededGPUs(count: Int64, utilization: Double, _ settings: RecommendationSettings) -> Int64 {
        max(1, Int64((Double(count) * utilization / settings.rightSizeTargetUtilization).rounded(.up)))
    }
}
