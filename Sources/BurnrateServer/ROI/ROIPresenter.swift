import BurnrateCore

/// ROI analyses as JSON, for `GET /api/v1/roi`, `POST /api/v1/roi/scenarios` and
/// `burnrate roi --format json` alike. Money is a decimal USD string (`*_usd`) with the exact
/// integer beside it where it is a headline figure (`*_nanos`); ratios are numbers.
public enum ROIPresenter {
    /// The whole analysis: summary, months, scenarios and sensitivity, and the business
    /// scenario's months when there is one.
    /// - Parameters:
    ///   - savingsSource: where the monthly savings came from, when they were measured.
    ///   - investmentSource: the configured investment, when the request left any of it to it.
    public static func json(
        _ analysis: ROIAnalysis, business: BusinessScenario? = nil, savingsSource: JSONValue? = nil, investmentSource: JSONValue? = nil
    ) -> JSONValue {
        let projection = analysis.projection
        var fields: [(String, JSONValue?)] = [
            ("scenario", scenario(analysis.scenario)),
            ("summary", summary(projection)),
            ("months", .array(projection.rows.map(month))),
            (
                "scenarios",
                .array(analysis.scenarios.map { .fields([("scenario", scenario($0.scenario)), ("summary", summary($0.projection))]) })
            ),
            (
                "sensitivity",
                .fields([
                    ("volume_means", .string(analysis.volumeMeaning)),
                    ("price_means", .string(analysis.priceMeaning)),
                    ("volume_step_percent", .double(ROIAnalysis.driverStep * 100)),
                    ("price_step_percent", .double(ROIAnalysis.driverStep * 100)),
                    ("growth_step_percent", .double(ROIAnalysis.growthStep * 100)),
                    ("cases", .array(analysis.sensitivity.map(sensitivityCase))),
                ])
            ),
            ("formulas", .string("docs/roi.md")),
        ]
        if let business {
            fields.insert(("business", self.business(business, analysis: analysis)), at: 0)
        }
        if let investmentSource {
            fields.insert(("investment_source", investmentSource), at: 0)
        }
        if let savingsSource {
            fields.insert(("monthly_savings_source", savingsSource), at: 0)
        }
        return .fields(fields)
    }

    static func scenario(_ scenario: ROIScenario) -> JSONValue {
        .fields([
            ("name", .string(scenario.name)),
            ("savings_multiplier", .double(scenario.savingsMultiplier)),
            ("growth", .double(scenario.growth)),
        ])
    }

    static func summary(_ projection: ROIProjection) -> JSONValue {
        let first = projection.rows.first
        return .fields([
            ("months", .int(projection.months)),
            ("investment_usd", .usd(projection.investment)),
            ("investment_nanos", .int(projection.investment.nanos)),
            ("gross_savings_month_1_usd", first.map { .usd($0.grossSavings) }),
            ("recurring_cost_month_1_usd", first.map { .usd($0.recurringCost) }),
            ("net_savings_month_1_usd", first.map { .usd($0.netSavings) }),
            ("break_even_month", projection.breakEvenMonth.map { .int($0) } ?? .null),
            ("breaks_even", .bool(projection.breakEvenMonth != nil)),
            ("payback_months", projection.paybackMonths.map { .double($0) } ?? .null),
            ("payback_days", projection.paybackDays.map { .int($0) } ?? .null),
            ("payback", .string(projection.paybackSummary)),
            ("roi_12_months_percent", projection.roi12Percent.map { .double($0) } ?? .null),
            ("roi_36_months_percent", projection.roi36Percent.map { .double($0) } ?? .null),
            ("roi_horizon_percent", projection.roiHorizonPercent.map { .double($0) } ?? .null),
            ("cumulative_net_12_months_usd", .usd(projection.cumulativeNet12)),
            ("cumulative_net_36_months_usd", .usd(projection.cumulativeNet36)),
            ("net_savings_usd", .usd(projection.totalNet)),
            ("net_savings_nanos", .int(projection.totalNet.nanos)),
            ("discount_rate", projection.annualDiscountRate.map { .double($0) }),
            ("npv_usd", projection.npv.map { .usd($0) }),
            ("npv_nanos", projection.npv.map { .int($0.nanos) }),
        ])
    }

    static func month(_ row: ROIMonth) -> JSONValue {
        .fields([
            ("month", .int(row.month)),
            ("gross_savings_usd", .usd(row.grossSavings)),
            ("recurring_cost_usd", .usd(row.recurringCost)),
            ("net_savings_usd", .usd(row.netSavings)),
            ("cumulative_net_usd", .usd(row.cumulativeNet)),
            ("cumulative_minus_investment_usd", .usd(row.position)),
            ("discounted_net_usd", row.discountedNet.map { .usd($0) }),
        ])
    }

    static func sensitivityCase(_ item: ROISensitivityCase) -> JSONValue {
        let projection = item.projection
        return .fields([
            ("driver", .string(item.driver)),
            ("direction", .string(item.direction)),
            ("change", .string(item.change)),
            ("volume_multiplier", .double(item.adjustment.volume)),
            ("price_multiplier", .double(item.adjustment.price)),
            ("growth", .double(item.adjustment.growth)),
            ("break_even_month", projection.breakEvenMonth.map { .int($0) } ?? .null),
            ("payback_months", projection.paybackMonths.map { .double($0) } ?? .null),
            ("payback_days", projection.paybackDays.map { .int($0) } ?? .null),
            ("roi_12_months_percent", projection.roi12Percent.map { .double($0) } ?? .null),
            ("roi_36_months_percent", projection.roi36Percent.map { .double($0) } ?? .null),
            ("npv_usd", projection.npv.map { .usd($0) }),
        ])
    }

    static func business(_ business: BusinessScenario, analysis: ROIAnalysis) -> JSONValue {
        let months = business.months(analysis.projection.months, adjustment: analysis.scenario.adjustment)
        let total = { (key: KeyPath<BusinessMonth, Money>) in months.reduce(Money.zero) { $0 + $1[keyPath: key] } }
        return .fields([
            ("name", .string(business.name)),
            ("description", business.description.map(JSONValue.string)),
            ("unit", .string(business.unit)),
            ("units_per_month", .int(business.unitsPerMonth)),
            ("input_tokens_per_unit", .int(business.inputTokensPerUnit)),
            ("output_tokens_per_unit", .int(business.outputTokensPerUnit)),
            ("growth", .double(business.growth)),
            (
                "api",
                .fields([
                    ("model", .string(business.apiModel)),
                    ("provider", .string(business.apiPrice.provider)),
                    ("price_id", .string(business.apiPrice.id)),
                    ("input_per_million_usd", .string(business.apiPrice.rates.input.perMillionString)),
                    ("output_per_million_usd", .string(business.apiPrice.rates.output.perMillionString)),
                ])
            ),
            ("self_hosted", business.deployment.map(deployment) ?? .null),
            ("api_cost_usd", .usd(total(\.apiCost))),
            ("self_hosted_cost_usd", .usd(total(\.selfHostedCost))),
            ("savings_usd", .usd(total(\.savings))),
            ("months", .array(months.map(businessMonth))),
        ])
    }

    static func deployment(_ plan: SelfHostedPlan) -> JSONValue {
        var fields: [(String, JSONValue?)]
        switch plan.kind {
        case .owned(let purchase, let months, let power):
            fields = [
                ("kind", .string("owned")), ("purchase_usd", .usd(purchase)), ("amortization_months", .int(months)),
                ("power_monthly_usd", .usd(power)),
            ]
        case .cloud(let gpu, let count, let rate, let discount, let hours):
            fields = [
                ("kind", .string("cloud")), ("gpu", .string(gpu)), ("count", .int(count)), ("hourly_rate_usd", .usd(rate)),
                ("discount", .double(discount)), ("hours_per_month", .double(hours)),
            ]
        }
        fields += [
            ("operations_monthly_usd", .usd(plan.operationsMonthly)),
            ("running_cost_monthly_usd", .usd(plan.runningCost)),
            ("capacity_tokens_per_month", plan.capacityTokensPerMonth.map { .int($0) } ?? .null),
            ("description", .string(ROIReport.describe(plan))),
        ]
        return .fields(fields)
    }

    static func businessMonth(_ month: BusinessMonth) -> JSONValue {
        .fields([
            ("month", .int(month.month)),
            ("units", .int(month.units)),
            ("input_tokens", .int(month.inputTokens)),
            ("output_tokens", .int(month.outputTokens)),
            ("api_cost_usd", .usd(month.apiCost)),
            ("self_hosted_tokens", .int(month.selfHostedTokens)),
            ("spillover_api_cost_usd", .usd(month.spilloverCost)),
            ("amortization_usd", .usd(month.amortization)),
            ("running_cost_usd", .usd(month.runningCost)),
            ("self_hosted_cost_usd", .usd(month.selfHostedCost)),
            ("savings_usd", .usd(month.savings)),
            ("cumulative_savings_usd", .usd(month.cumulativeSavings)),
        ])
    }
}
