/// The tokens of one request, in the OpenAI / OpenTelemetry GenAI convention.
///
/// `inputTokens` includes cache reads and cache writes; `outputTokens` includes reasoning tokens.
/// Providers that report otherwise (Anthropic) are converted at the edge.
public struct TokenUsage: Sendable, Hashable {
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cacheReadTokens: Int64
    /// All cache-write tokens, 5-minute and 1-hour.
    public var cacheWriteTokens: Int64
    /// The part of `cacheWriteTokens` written with a 1-hour lifetime.
    public var cacheWrite1hTokens: Int64
    public var reasoningTokens: Int64

    public init(
        inputTokens: Int64 = 0, outputTokens: Int64 = 0, cacheReadTokens: Int64 = 0,
        cacheWriteTokens: Int64 = 0, cacheWrite1hTokens: Int64 = 0, reasoningTokens: Int64 = 0
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.cacheWrite1hTokens = cacheWrite1hTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Input tokens that were neither read from nor written to a cache.
    public var uncachedInputTokens: Int64 { Self.clamped(Int128(inputTokens) - Int128(cacheReadTokens) - Int128(cacheWriteTokens)) }

    /// Cache-write tokens written with the 5-minute lifetime.
    public var cacheWrite5mTokens: Int64 { Self.clamped(Int128(cacheWriteTokens) - Int128(cacheWrite1hTokens)) }

    /// Input plus output tokens.
    public var totalTokens: Int64 { Self.clamped(Int128(inputTokens) + Int128(outputTokens)) }

    /// Token arithmetic saturates instead of trapping: counts are bounded where they enter
    /// (`Limits.maximumTokens`), and a corrupt stored row must not end the process.
    static func clamped(_ value: Int128) -> Int64 { Int64(clamping: value) }

    /// Why these counts cannot describe a real request, as `(field, message)` pairs; empty when
    /// they are consistent.
    public var inconsistencies: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if Int128(cacheReadTokens) + Int128(cacheWriteTokens) > Int128(inputTokens) {
            problems.append(
                (
                    "cache_read_tokens",
                    "cache_read_tokens (\(cacheReadTokens)) plus cache_write_tokens (\(cacheWriteTokens)) exceed input_tokens (\(inputTokens)); input_tokens must include cached tokens"
                ))
        }
        if cacheWrite1hTokens > cacheWriteTokens {
            problems.append(
                (
                    "cache_write_1h_tokens",
                    "cache_write_1h_tokens (\(cacheWrite1hTokens)) exceed cache_write_tokens (\(cacheWriteTokens)), which must include them"
                ))
        }
        if reasoningTokens > outputTokens {
            problems.append(
                (
                    "reasoning_tokens",
                    "reasoning_tokens (\(reasoningTokens)) exceed output_tokens (\(outputTokens)); output_tokens must include reasoning"
                ))
        }
        return problems
    }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        // Plain additions rather than key paths: rollups add usages once per row of every batch.
        func sum(_ left: Int64, _ right: Int64) -> Int64 {
            let (total, overflow) = left.addingReportingOverflow(right)
            return overflow ? (right > 0 ? .max : .min) : total
        }
        return TokenUsage(
            inputTokens: sum(lhs.inputTokens, rhs.inputTokens), outputTokens: sum(lhs.outputTokens, rhs.outputTokens),
            cacheReadTokens: sum(lhs.cacheReadTokens, rhs.cacheReadTokens),
            cacheWriteTokens: sum(lhs.cacheWriteTokens, rhs.cacheWriteTokens),
            cacheWrite1hTokens: sum(lhs.cacheWrite1hTokens, rhs.cacheWrite1hTokens),
            reasoningTokens: sum(lhs.reasoningTokens, rhs.reasoningTokens))
    }
}
