/// The arithmetic mean and sample standard deviation of a list of values.
struct BaselineStatistics: Sendable, Hashable {
    var mean: Double
    var standardDeviation: Double

    init(_ values: [Double]) {
        let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        standardDeviation = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
    }
}
