extension Money {
    /// `self × numerator ÷ denominator`, computed in 128-bit integers and rounded once, half away
    /// from zero; saturates at `Money.max` and `Money.min`. A denominator of zero or less gives
    /// zero, since no share of an amount can be taken over nothing.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Money {
        guard denominator > 0 else { return .zero }
        return Money(clamping: Self.divideRounded(Int128(nanos) * Int128(numerator), by: Int128(denominator)))
    }

    /// `dividend ÷ divisor` rounded half away from zero; `divisor` must be positive.
    static func divideRounded(_ dividend: Int128, by divisor: Int128) -> Int128 {
        let half = divisor / 2
        let magnitude = (dividend.magnitude + UInt128(half)) / UInt128(divisor)
        let clamped = Int128(clamping: magnitude)
        return dividend < 0 ? -clamped : clamped
    }
}
