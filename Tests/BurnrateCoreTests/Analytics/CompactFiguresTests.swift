import BurnrateCore
import Testing

@Suite struct CompactFiguresTests {
    @Test(arguments: [
        (Int64(0), "$0.00"), (980_500_000_000, "$980.50"), (999_994_000_000, "$999.99"), (1_000_000_000_000, "$1.0k"),
        (12_449_000_000_000, "$12.4k"), (99_960_000_000_000, "$100k"), (124_400_000_000_000, "$124k"),
        (999_600_000_000_000, "$1.0M"), (1_234_000_000_000_000, "$1.2M"), (-12_400_000_000_000, "-$12.4k"),
        (2_500_000_000_000_000_000, "$2.5B"),
    ])
    func moneyIsShortenedAboveAThousandDollars(nanos: Int64, expected: String) {
        #expect(Figures.compactUSD(Money(nanos: nanos)) == expected)
    }

    @Test(arguments: [
        (Int64(950), "950"), (1_000, "1.0k"), (48_149, "48.1k"), (3_210_000, "3.2M"), (999_999, "1.0M"), (-4_200, "-4.2k"),
        (7_000_000_000, "7.0B"),
    ])
    func countsAreShortened(value: Int64, expected: String) {
        #expect(Figures.compactCount(value) == expected)
    }
}
