extension RunawaySession {
    /// One sentence for the alert: "Session abc of agent-workflows has cost $41.20 in 312 calls
    /// over 48 min; this feature's runs usually cost up to $1.90 (p99 of 412 completed runs)."
    public var summary: String {
        let feature = session.feature.map { "of \($0)" } ?? "without a feature"
        var sentence =
            "Session \(session.sessionID) \(feature) has cost \(Figures.usd(session.cost)) in \(max(0, session.calls)) calls over \(Self.duration(session.durationSeconds))"
        if let loop = excesses.first(where: { $0.measure == .repeatedPrompts }) {
            sentence += ", sending one prompt \(loop.observed) times"
        }
        let usual = excesses.map(Self.usualPhrase).joined(separator: " and ")
        return sentence + "; this feature's runs usually \(usual) (\(percentile) of \(baseline.sessions) completed runs)."
    }

    /// The baseline's quantile as a percentile: "p99", "p99.5".
    var percentile: String {
        let percent = baseline.quantile * 100
        return "p" + Figures.formatted(percent, decimals: percent == percent.rounded() ? 0 : 1)
    }

    /// What runs usually reach on one measure: "cost up to $1.90", "make up to 80 calls".
    static func usualPhrase(_ excess: Excess) -> String {
        switch excess.measure {
        case .cost: "cost up to \(Figures.usd(Money(nanos: excess.usual)))"
        case .calls: "make up to \(excess.usual) calls"
        case .duration: "last up to \(duration(excess.usual))"
        case .repeatedPrompts: "send one prompt up to \(excess.usual) times"
        }
    }

    /// A duration in the unit a reader expects: "40 s", "48 min", "2.5 h".
    static func duration(_ seconds: Int64) -> String {
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7_200 { return "\(seconds / 60) min" }
        return Figures.formatted(Double(seconds) / 3_600, decimals: 1) + " h"
    }
}
