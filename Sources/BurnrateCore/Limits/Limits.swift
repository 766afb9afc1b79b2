/// The largest values Burnrate accepts from outside: requests, files, the config file and the
/// proxy's upstreams.
///
/// They are chosen so that no arithmetic on accepted values can leave `Int64`: the costliest
/// event, `maximumTokens` tokens at `maximumRate`, is $100 million, and a month of the largest
/// amounts still sums exactly. Anything larger is refused where it enters with a 400 that names
/// the field and the limit; `docs/security.md` and the OpenAPI document list them.
public enum Limits {
    /// The most tokens of any one kind in one event: a billion, a thousand times the longest
    /// context window sold today.
    public static let maximumTokens: Int64 = 1_000_000_000

    /// The highest price of a token, $100,000 per million tokens: more than a hundred times the
    /// dearest model in the catalog, so a price above it is a typo (cents for dollars, or a
    /// price per token entered as per million).
    public static let maximumRate = TokenRate(picoUSDPerToken: 100_000_000_000)

    /// The largest single amount in dollars: a budget, a cost item, an investment, a monthly
    /// saving or cost. A billion dollars, a tenth of what `Money` holds, so that a year of such
    /// amounts is still exact.
    public static let maximumAmount = Money(nanos: 1_000_000_000 * Money.nanosPerDollar)

    /// `maximumAmount` as messages write it: `1000000000`.
    public static var maximumAmountUSD: String { ScaledDecimal.formatTrimmed(maximumAmount.nanos, scale: 9, minimumDecimals: 0) }

    /// The longest time range a query, report, export or page may cover: 3,660 days, ten years.
    public static let maximumRangeDays: Int64 = 3_660

    /// The longest horizon of an ROI projection or forecast, in months: ten years.
    public static let maximumMonths = 120

    /// The largest monthly growth rate an ROI projection takes, as a fraction: 1 is 100% a month.
    public static let maximumMonthlyGrowth = 1.0

    /// The longest attribution value (tenant, user, feature, team, environment, tag value) or
    /// model name, in characters.
    public static let maximumValueLength = 256

    /// Whether `text` holds a control character (NUL, tab, newline, escape, DEL...): attribution
    /// values, model names and keys are shown in pages, CSV files and log lines, where such
    /// characters break the line or hide what follows.
    public static func hasControlCharacter(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
