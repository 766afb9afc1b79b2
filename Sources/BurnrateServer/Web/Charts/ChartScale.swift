import Foundation

/// A value axis from zero to a round maximum with evenly spaced ticks.
struct ChartScale: Sendable {
    let maximum: Double
    let ticks: [Double]

    /// The lowest top that holds `value` with three to five steps of 1, 2, 2.5 or 5 times a
    /// power of ten, so that the data fills most of the height and ticks read as round numbers.
    init(covering value: Double) {
        guard value > 0, value.isFinite else {
            maximum = 1
            ticks = [0, 0.25, 0.5, 0.75, 1]
            return
        }
        let magnitude = Int(log10(value / 4).rounded(.down))
        var best: (top: Double, step: Double, count: Int)?
        for exponent in (magnitude - 1)...(magnitude + 1) {
            for multiple in [1.0, 2, 2.5, 5] {
                let step = multiple * pow(10, Double(exponent))
                for count in [5, 4, 3] where step * Double(count) >= value {
                    let top = step * Double(count)
                    if best.map({ top < $0.top * (1 - 1e-9) }) ?? true { best = (top, step, count) }
                }
            }
        }
        let chosen = best ?? (value, value / 4, 4)
        maximum = chosen.top
        ticks = (0...chosen.count).map { Double($0) * chosen.step }
    }

    /// The position of `value` between 0 (bottom) and 1 (top).
    func fraction(_ value: Double) -> Double {
        min(max(value / maximum, 0), 1)
    }
}
