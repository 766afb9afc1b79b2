/// The numbers behind one chart: categories along the x axis and one or more series over them.
///
/// The same value renders as SVG (`LineChart`, `ColumnChart`) and as a table (`ChartTable`),
/// so that every chart has a view of its numbers for screen readers and for copying.
struct ChartData: Sendable {
    /// How a series is drawn: observed values solid, projected ones dashed or hatched.
    enum Kind: String, Sendable {
        case actual
        case forecast
        case reference
    }

    /// One named line or set of columns.
    struct Series: Sendable {
        var name: String
        var values: [Double?]
        var kind: Kind = .actual
    }

    /// A shaded range around a series, such as a forecast's 80% interval.
    struct Band: Sendable {
        var name: String
        var low: [Double?]
        var high: [Double?]
    }

    /// Unique within the page; ids of the title and description derive from it.
    var id: String
    var title: String
    /// One or two sentences saying what the chart shows, read by screen readers.
    var summary: String
    var labels: [String]
    var series: [Series]
    var band: Band? = nil
    /// Indices of categories to mark, such as anomalous hours.
    var marked: Set<Int> = []
    /// The categories' natural period, such as 24 for hours: category labels are spaced by one of
    /// its divisors or multiples, so that they fall on the same hour of each day.
    var labelPeriod = 1
    /// Formats a value for axis ticks and the table.
    var format: @Sendable (Double) -> String

    /// The largest value drawn, band included.
    var maximum: Double {
        let values = series.flatMap(\.values) + (band?.high ?? [])
        return values.compactMap { $0 }.max() ?? 0
    }
}
