extension ChartFrame {
    /// The space between two neighbouring category labels, in ems of their font.
    static let labelGap = 0.75

    /// Category labels under the plot, centred on their categories, as many as fit side by side
    /// at each text size.
    ///
    /// Counting back from the last category (the latest period, the one a reader looks for),
    /// every `step`-th category gets a label: on wide screens the smallest step whose labels keep
    /// `labelGap` between them, on narrow screens, where the text is larger, the smallest multiple
    /// of it that does; steps are divisors or multiples of the data's `labelPeriod`. Labels only
    /// wide screens show carry the class `wide-only`, which the stylesheet hides on narrow ones. A
    /// label that would reach past the chart's left edge is left out (the right margin holds the
    /// last one). Widths are estimates (`ChartText`); the browser test measures the result.
    func categoryLabels(center: (Int) -> Double) -> String {
        let labels = data.labels
        let count = labels.count
        guard count > 0 else { return "" }
        func extent(_ index: Int, fontSize: Double) -> (left: Double, right: Double) {
            let half = ChartText.width(labels[index], fontSize: fontSize) / 2
            return (center(index) - half, center(index) + half)
        }
        func shown(step: Int) -> [Int] {
            stride(from: count - 1, through: 0, by: -step).filter { extent($0, fontSize: ChartText.narrowSize).left >= 0 }
        }
        func fits(step: Int, fontSize: Double) -> Bool {
            let indices = shown(step: step)
            return zip(indices.dropFirst(), indices).allSatisfy { left, right in
                extent(right, fontSize: fontSize).left - extent(left, fontSize: fontSize).right >= Self.labelGap * fontSize
            }
        }
        let period = max(data.labelPeriod, 1)
        let steps = (1..<period).filter { period % $0 == 0 } + Array(stride(from: period, to: count, by: period))
        // A step of `count` shows the last label alone, which always fits.
        let wide = steps.first { fits(step: $0, fontSize: ChartText.wideSize) } ?? count
        let narrow = steps.first { $0 % wide == 0 && fits(step: $0, fontSize: ChartText.narrowSize) } ?? count
        var svg = ""
        for index in shown(step: wide).reversed() {
            let narrowToo = (count - 1 - index) % narrow == 0
            svg +=
                #"<text class="label\#(narrowToo ? "" : " wide-only")" x="\#(Self.rounded(center(index)))" y="\#(Self.height - 6)" text-anchor="middle">\#(HTML.escape(labels[index]))</text>"#
        }
        return svg
    }
}
