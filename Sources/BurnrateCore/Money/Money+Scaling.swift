extension Money {
    /// `self × numerator ÷ denominator`, computed in 128-bit integers and rounded once, half away
    /// from zero. `denominator` must be positive.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Money {
        Money(nanos: Self.divideRounded(Int128(nanos) * Int128(numerator), by: Int128(denominator)))
    }

    /// `dividend ÷ divisor` rounded half away from zero; `divisor` must be positive.
    static func divideRounded(_ dividend: Int128, by divisor: Int128) -> Int64 {
        let half = divisor / 2
        let magnitude = (dividend.magnitude + UInt128(half)) / UInt128(divisor)
        return dividend < 0 ? -Int64(magnitude) : Int64(magnitude)
    }
}
