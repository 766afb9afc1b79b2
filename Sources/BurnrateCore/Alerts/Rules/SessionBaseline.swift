import Foundation

/// What a feature's completed sessions usually do, measure by measure, and where "far above"
/// begins.
///
/// Runs of one feature vary over orders of magnitude (a short question, a long refactor), so each
/// measure is read on a logarithmic scale and robustly: the median and the median absolute
/// deviation of the logarithms, which a few earlier runaways in the history do not move, and a
/// high quantile (`settings.quantile`, p99 by default) that says what runs usually reach at most,
/// heavy tail included. A threshold is the highest of the measure's floor, `factor` times that
/// quantile, and `deviations` robust standard deviations above the median.
public struct SessionBaseline: Sendable, Hashable {
    /// One measure's usual and threshold, in the measure's unit.
    public struct Bound: Sendable, Hashable {
        /// The median over the history.
        public var median: Int64
        /// The `quantile` over the history: what runs usually reach at most.
        public var usual: Int64
        /// Above this, and only above it, a run is far above the usual.
        public var threshold: Int64
    }

    /// The completed sessions the baseline was taken from.
    public var sessions: Int
    /// The quantile `usual` is, for its wording ("p99").
    public var quantile: Double
    public var bounds: [SessionMeasure: Bound]

    /// The baseline of `history`, a feature's completed sessions; nil with fewer than
    /// `settings.minimumHistory` of them.
    public init?(history: [SessionActivity], settings: RunawaySessionSettings) {
        guard !history.isEmpty, history.count >= settings.minimumHistory else { return nil }
        sessions = history.count
        quantile = min(1, max(0, settings.quantile.isNaN ? 1 : settings.quantile))
        var bounds: [SessionMeasure: Bound] = [:]
        for measure in SessionMeasure.allCases {
            bounds[measure] = Self.bound(
                history.map(measure.value).sorted(), quantile: quantile, floor: measure.floor(settings), settings: settings)
        }
        self.bounds = bounds
    }

    /// The bound of one measure's values (sorted ascending, not empty).
    static func bound(_ sorted: [Int64], quantile: Double, floor: Int64, settings: RunawaySessionSettings) -> Bound {
        let rank = Int((quantile * Double(sorted.count)).rounded(.up)) - 1
        let usual = sorted[min(sorted.count - 1, max(0, rank))]
        let median = sorted[(sorted.count - 1) / 2]
        // Logarithms of the values, a value below one counted as one (a run of no duration).
        let logs = sorted.map { log(Double(max(1, $0))) }
        let center = medianOf(logs)
        let spread = max(settings.minimumSpread, 1.4826 * medianOf(logs.map { abs($0 - center) }.sorted()))
        let statistical = exp(center + settings.deviations * spread)
        let threshold = max(Double(floor), Double(usual) * settings.factor, statistical)
        return Bound(median: median, usual: usual, threshold: saturating(threshold))
    }

    /// The median of sorted, non-empty values.
    static func medianOf(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `value` rounded up to a whole unit, within `0...Int64.max` (NaN, from settings out of
    /// range, counts as the largest: such a bound never fires).
    static func saturating(_ value: Double) -> Int64 {
        guard !value.isNaN, value < 9.2e18 else { return Int64.max }
        return value <= 0 ? 0 : Int64(value.rounded(.up))
    }
}
