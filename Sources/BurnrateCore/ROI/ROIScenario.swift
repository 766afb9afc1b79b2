/// A named what-if: savings multiplied by `savingsMultiplier`, growing at `growth` a month.
///
/// The defaults are relative to the assumption as given (base growth `g`):
/// conservative 0.75 × savings at g/2, realistic 1 × at g, optimistic 1.25 × at 1.5 g.
/// A custom scenario states both numbers.
public struct ROIScenario: Sendable, Hashable {
    /// `conservative`, `realistic`, `optimistic` or a custom name.
    public var name: String
    /// Multiplier on savings (on volume, for a business scenario).
    public var savingsMultiplier: Double
    /// Monthly growth rate, absolute.
    public var growth: Double

    public init(name: String, savingsMultiplier: Double, growth: Double) {
        self.name = name
        self.savingsMultiplier = savingsMultiplier
        self.growth = growth
    }

    /// The names of the built-in scenarios, in order.
    public static let builtinNames = ["conservative", "realistic", "optimistic"]

    /// The built-in scenarios for a base growth rate.
    public static func defaults(baseGrowth: Double) -> [ROIScenario] {
        [
            ROIScenario(name: "conservative", savingsMultiplier: 0.75, growth: baseGrowth * 0.5),
            ROIScenario(name: "realistic", savingsMultiplier: 1, growth: baseGrowth),
            ROIScenario(name: "optimistic", savingsMultiplier: 1.25, growth: baseGrowth * 1.5),
        ]
    }

    /// The built-in scenario `name` for a base growth rate, or `nil` for an unknown name.
    public static func named(_ name: String, baseGrowth: Double) -> ROIScenario? {
        defaults(baseGrowth: baseGrowth).first { $0.name == name.lowercased() }
    }

    /// The adjustment this scenario makes.
    public var adjustment: ROIAdjustment { ROIAdjustment(volume: savingsMultiplier, growth: growth) }
}

/// One row of the sensitivity table: one driver moved one way, and what it does to payback and
/// ROI.
public struct ROISensitivityCase: Sendable, Hashable {
    /// `volume`, `price` or `growth`.
    public var driver: String
    /// `down` or `up`.
    public var direction: String
    /// The move, e.g. `-20%` or `growth 2.5%/month`.
    public var change: String
    public var adjustment: ROIAdjustment
    public var projection: ROIProjection
}

/// One scenario and its projection.
public struct ROIScenarioOutcome: Sendable, Hashable {
    public var scenario: ROIScenario
    public var projection: ROIProjection
}

/// A full ROI analysis: the chosen projection, every scenario, and the sensitivity table.
public struct ROIAnalysis: Sendable, Hashable {
    /// The scenario the main projection uses (`realistic`, the assumption as given, by default).
    public var scenario: ROIScenario
    /// The main projection.
    public var projection: ROIProjection
    /// Every scenario's projection, built-in ones first, then custom ones.
    public var scenarios: [ROIScenarioOutcome]
    /// Volume, price and growth each moved down and up from the main scenario.
    public var sensitivity: [ROISensitivityCase]
    /// What "volume" and "price" move for this source.
    public var volumeMeaning: String
    public var priceMeaning: String

    /// Relative move of volume and price in the sensitivity table (±20%).
    public static let driverStep = 0.2
    /// Relative move of the growth rate (±50%); a zero growth rate moves by ±1 point instead.
    public static let growthStep = 0.5
    public static let zeroGrowthStep = 0.01

    /// Runs the projection of `source` over `months` months for `scenario` (the source as given when
    /// `nil`), every built-in and `custom` scenario, and the sensitivity table.
    public init(
        source: some ROICashFlowSource, months: Int, annualDiscountRate: Double? = nil, scenario: ROIScenario? = nil,
        custom: [ROIScenario] = []
    ) {
        let span = max(months, 36)
        func project(_ adjustment: ROIAdjustment) -> ROIProjection {
            ROIProjection(
                flows: source.cashFlows(months: span, adjustment: adjustment), months: months, annualDiscountRate: annualDiscountRate)
        }
        let chosen = scenario ?? ROIScenario(name: "realistic", savingsMultiplier: 1, growth: source.baseGrowth)
        self.scenario = chosen
        projection = project(chosen.adjustment)
        scenarios = (ROIScenario.defaults(baseGrowth: source.baseGrowth) + custom).map {
            ROIScenarioOutcome(scenario: $0, projection: project($0.adjustment))
        }
        volumeMeaning = source.volumeMeaning
        priceMeaning = source.priceMeaning
        let base = chosen.adjustment
        var cases: [ROISensitivityCase] = []
        let step = Self.driverStep
        let percent = Figures.formatted(step * 100, decimals: 0)
        for (driver, direction, factor) in [
            ("volume", "down", 1 - step), ("volume", "up", 1 + step), ("price", "down", 1 - step), ("price", "up", 1 + step),
        ] {
            var adjustment = base
            if driver == "volume" { adjustment.volume *= factor } else { adjustment.price *= factor }
            cases.append(
                ROISensitivityCase(
                    driver: driver, direction: direction, change: (direction == "down" ? "-" : "+") + percent + "%",
                    adjustment: adjustment, projection: project(adjustment)))
        }
        for direction in ["down", "up"] {
            var adjustment = base
            let sign = direction == "down" ? -1.0 : 1.0
            adjustment.growth = base.growth == 0 ? sign * Self.zeroGrowthStep : base.growth * (1 + sign * Self.growthStep)
            cases.append(
                ROISensitivityCase(
                    driver: "growth", direction: direction,
                    change: (adjustment.growth > 0 ? "+" : "") + Figures.formatted(adjustment.growth * 100, decimals: 2) + "%/month",
                    adjustment: adjustment, projection: project(adjustment)))
        }
        sensitivity = cases
    }

    /// Whether any projection of the analysis left the range money is held in (see
    /// `ROIProjection.exceedsRange`).
    public var exceedsRange: Bool {
        projection.exceedsRange || scenarios.contains { $0.projection.exceedsRange }
            || sensitivity.contains { $0.projection.exceedsRange }
    }
}
