import BurnrateCore

extension ROIPresenter {
    /// Where measured monthly savings came from (`savings_source` of `GET /api/v1/roi`): the
    /// baseline, the days measured, the figures and the method in words.
    static func measuredSource(_ measured: MeasuredSavings) -> JSONValue {
        let total = measured.total
        return .fields([
            ("kind", .string("measured")),
            ("baseline", .string("\(measured.baseline.provider)/\(measured.baseline.model)")),
            ("from", .string(measured.range.lowerBound.rfc3339)),
            ("to", .string(measured.range.upperBound.rfc3339)),
            ("actual_usd", .usd(total.actual)),
            ("baseline_usd", .usd(total.baseline)),
            ("savings_usd", .usd(total.savings)),
            ("monthly_savings_usd", .usd(measured.monthly)),
            (
                "method",
                .string(
                    "The last \(MeasuredSavings.days) whole days of priced traffic cost \(Figures.usd(total.actual)); "
                        + "on \(measured.baseline.model) at its price of each day it would have cost \(Figures.usd(total.baseline)). "
                        + "The difference, scaled to an average month of 30.4375 days, is the monthly saving."
                )
            ),
        ])
    }
}
