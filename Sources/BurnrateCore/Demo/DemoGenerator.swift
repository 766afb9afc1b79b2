public import Foundation

/// Writes realistic synthetic history: weekday and weekend seasonality, month-over-month growth,
/// diurnal load, repeated prompts, batch and cached traffic, errors, a fine-tuned model without a
/// price, and one injected cost spike.
///
/// Each UTC day is generated from the seed and the date alone, so the same seed gives the same
/// events for a day whatever the range, and event ids repeat: running the demo twice stores
/// nothing twice.
public struct DemoGenerator: Sendable {
    public var profile: DemoProfile
    public var seed: UInt64
    /// Requests on an average weekday at `anchorDay`.
    public var baseDailyRequests: Double
    public var monthlyGrowth: Double
    /// The day (since 1970-01-01) whose afternoon has a runaway agent loop, if any.
    public var spikeDay: Int?

    /// The day growth is measured from (2026-01-01).
    static let anchorDay = CalendarDate.daysFromCivil(year: 2026, month: 1, day: 1)
    static let hourWeights: [Double] = [2, 1.5, 1.2, 1, 1, 1.3, 2, 3.5, 5.5, 7, 8, 8.5, 8.5, 9, 9.5, 9.5, 9, 8, 6.5, 5, 4, 3.5, 3, 2.5]
    static let fineTunedModel = "ft:gpt-4o-mini-2024-07-18:acme:support:9xk2"

    public init(
        profile: DemoProfile = .standard, seed: UInt64 = 42, baseDailyRequests: Double = 1_500,
        monthlyGrowth: Double = 0.08, spikeDay: Int? = nil
    ) {
        self.profile = profile
        self.seed = seed
        self.baseDailyRequests = baseDailyRequests
        self.monthlyGrowth = monthlyGrowth
        self.spikeDay = spikeDay
    }

    /// The `count` days ending with the UTC day of `end`, oldest first, as days since 1970-01-01.
    public static func days(endingOn end: Date, count: Int) -> [Int] {
        let last = Int((end.timeIntervalSince1970 / 86_400).rounded(.down))
        return Array((last - count + 1)...last)
    }

    /// The events of one UTC day.
    public func events(forDay day: Int) -> [UsageEvent] {
        var random = SeededRandom(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(bitPattern: Int64(day)))
        let weekday = (day + 4) % 7  // 0 is Sunday
        let seasonal = weekday == 0 || weekday == 6 ? 0.42 : (weekday == 1 ? 1.04 : 1.0)
        let growth = pow(1 + monthlyGrowth, Double(day - Self.anchorDay) / 30.44)
        let noise = 0.92 + 0.16 * random.unit()
        let count = max(1, Int(baseDailyRequests * growth * seasonal * noise))
        let (year, month, dayOfMonth) = CalendarDate.civilFromDays(day)
        let prefix = String(format: "demo-%llu-%04d%02d%02d-", seed, year, month, dayOfMonth)
        var events: [UsageEvent] = []
        events.reserveCapacity(count + 1_000)
        for index in 0..<count {
            events.append(makeEvent(id: prefix + String(index), day: day, random: &random))
        }
        if day == spikeDay {
            events.append(contentsOf: spikeEvents(prefix: prefix, day: day, random: &random))
        }
        groupAgentRuns(&events, day: day, prefix: prefix)
        return events.sorted { $0.timestamp < $1.timestamp }
    }

    /// The feature whose traffic comes in agent runs.
    static let agentFeature = "agent-workflows"

    /// Agent traffic comes in runs: the day's agent calls, in time order, become the steps of
    /// sessions of 3 to 10 calls, each run one tenant's and user's, its calls seconds apart: a
    /// plan, actions under it, an answer. Tokens, models and so costs stay as drawn; the runaway
    /// loop's calls are one run of their own. A generator of its own, so that the other events
    /// are the same as before runs existed.
    private func groupAgentRuns(_ events: inout [UsageEvent], day: Int, prefix: String) {
        var random = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(bitPattern: Int64(day)) &+ 27)
        let agent = events.indices.filter {
            events[$0].attribution.feature == Self.agentFeature && !events[$0].id.contains("-spike-")
        }.sorted { events[$0].timestamp < events[$1].timestamp }
        var position = 0
        var number = 0
        while position < agent.count {
            let run = agent[position..<min(agent.count, position + 3 + Int(random.unit() * 8))]
            let first = events[run.first!]
            let session = prefix + "run-\(number)"
            var time = first.timestamp
            for (step, index) in run.enumerated() {
                events[index].attribution = first.attribution
                events[index].tags = first.tags
                events[index].timestamp = time
                events[index].run = RunPosition(
                    sessionID: session, traceID: session, parentID: step == 0 ? nil : first.id,
                    step: step == 0 ? "plan" : step == run.count - 1 ? "answer" : "act")
                time = time.adding(seconds: 2 + (events[index].latencyMs ?? 0) / 1_000 + Int64(random.unit() * 20))
            }
            position = run.endIndex
            number += 1
        }
        for index in events.indices where events[index].id.contains("-spike-") {
            let isFirst = events[index].id == prefix + "spike-0"
            events[index].run = RunPosition(
                sessionID: prefix + "run-loop", traceID: prefix + "run-loop", parentID: isFirst ? nil : prefix + "spike-0",
                step: isFirst ? "plan" : "act")
        }
    }

    /// The outcome of each agent run of `events` (one day's): a task completed, worth $4, unless
    /// the run failed a call, looped (the runaway), or fell among the one in six that do not
    /// finish. Recorded half a minute after the run's last call, with ids that repeat, so that
    /// seeding twice stores nothing twice.
    public func outcomes(for events: [UsageEvent]) -> [Outcome] {
        var runs: [String: (last: Timestamp, failed: Bool)] = [:]
        for event in events {
            guard let session = event.run.sessionID else { continue }
            let seen = runs[session]
            runs[session] = (max(seen?.last ?? event.timestamp, event.timestamp), (seen?.failed ?? false) || event.status == .error)
        }
        return runs.keys.sorted().map { session in
            var random = SeededRandom(seed: seed &+ UInt64(truncatingIfNeeded: session.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }))
            let run = runs[session]!
            let success = !run.failed && !session.hasSuffix("run-loop") && random.unit() > 1.0 / 6
            return Outcome(
                id: session + "-outcome", sessionID: session, type: "task_completed", success: success,
                value: success ? Money(nanos: 4 * Money.nanosPerDollar) : nil, timestamp: run.last.adding(seconds: 30))
        }
    }

    private func timestamp(day: Int, hour: Int, random: inout SeededRandom) -> Timestamp {
        let seconds = Int64(day) * 86_400 + Int64(hour) * 3_600 + Int64(random.unit() * 3_600)
        return Timestamp(microseconds: seconds * 1_000_000 + Int64(random.unit() * 1_000_000))
    }

    private func makeEvent(id: String, day: Int, random: inout SeededRandom) -> UsageEvent {
        let hour = random.pick(Array(0..<24)) { Self.hourWeights[$0] }
        let tenant = random.pick(profile.tenants, weight: \.weight)
        let feature = random.pick(profile.features, weight: \.weight)
        var choice = random.pick(feature.models, weight: \.weight)
        if tenant.name == "acme-corp", feature.name == "support-triage", random.chance(0.04) {
            choice = ("openai", Self.fineTunedModel, 1)
        }
        let environment = random.pick([("production", 0.86), ("staging", 0.09), ("development", 0.05)], weight: \.1).0
        let failed = random.chance(0.015)
        let input = max(1, Int64(random.logNormal(median: feature.medianInput, sigma: 0.6)))
        var output = feature.medianOutput == 0 ? 0 : max(1, Int64(random.logNormal(median: feature.medianOutput, sigma: 0.55)))
        if failed { output = 0 }
        var usage = TokenUsage(inputTokens: input, outputTokens: output)
        let caches = feature.cachedShare > 0 && ["anthropic", "openai", "google"].contains(choice.provider)
        if caches, random.chance(0.65) {
            usage.cacheReadTokens = Int64(Double(input) * feature.cachedShare * (0.8 + 0.4 * random.unit()))
            usage.cacheReadTokens = min(usage.cacheReadTokens, input)
        }
        if caches, choice.provider == "anthropic", random.chance(0.15) {
            usage.cacheWriteTokens = min(input - usage.cacheReadTokens, Int64(Double(input) * 0.2))
        }
        if choice.model.hasPrefix("o4") || choice.model.hasPrefix("o3") {
            usage.reasoningTokens = Int64(Double(output) * (0.4 + 0.3 * random.unit()))
        }
        let batch = feature.batchShare > 0 && random.chance(feature.batchShare) && choice.provider != "deepseek"
        let latency = Int64((250 + Double(output) * 11) * random.logNormal(median: 1, sigma: 0.3)) * (batch ? 40 : 1)
        let promptHash =
            random.chance(feature.repeatShare)
            ? "p-\(feature.name)-\(Int(random.logNormal(median: 4, sigma: 1.2)) % 60)"
            : String(random.next(), radix: 16)
        let userNumber = Int(random.logNormal(median: Double(tenant.users) / 4, sigma: 0.9)) % tenant.users
        let user = (tenant.name.split(separator: "-").first.map(String.init) ?? tenant.name) + "-u" + Self.padded(userNumber, width: 3)
        return UsageEvent(
            id: id, timestamp: timestamp(day: day, hour: hour, random: &random), provider: choice.provider, model: choice.model,
            usage: usage, batch: batch, latencyMs: latency, status: failed ? .error : .ok,
            attribution: Attribution(tenant: tenant.name, user: user, feature: feature.name, team: feature.team, environment: environment),
            tags: [
                "region": ["acme-corp", "initech", "wayne-logistics"].contains(tenant.name) ? "us" : "eu",
                "plan": tenant.weight > 0.15 ? "enterprise" : "pro",
            ],
            promptHash: promptHash,
            originalInputTokens: feature.compressedShare > 0 ? Int64((Double(input) / (1 - feature.compressedShare)).rounded()) : nil)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A runaway agent loop at one tenant: hundreds of long-context calls on the largest model in
    /// five afternoon hours.
    private func spikeEvents(prefix: String, day: Int, random: inout SeededRandom) -> [UsageEvent] {
        (0..<900).map { index in
            let input = Int64(random.logNormal(median: 60_000, sigma: 0.3))
            let output = Int64(random.logNormal(median: 2_000, sigma: 0.4))
            return UsageEvent(
                id: prefix + "spike-\(index)", timestamp: timestamp(day: day, hour: 13 + index % 5, random: &random),
                provider: "openai", model: "gpt-4.1", usage: TokenUsage(inputTokens: input, outputTokens: output),
                latencyMs: Int64(4_000 * random.logNormal(median: 1, sigma: 0.3)), status: .ok,
                attribution: Attribution(
                    tenant: "globex", user: "globex-u007", feature: "agent-workflows", team: "platform",
                    environment: "production"),
                tags: ["region": "eu", "plan": "enterprise"], promptHash: "p-agent-loop-\(index % 3)")
        }
    }
}
