import BurnrateCore
import Testing

/// Whole numbers as JSON spells them: JSON Schema counts `956.0` as an integer, and so does the
/// reader (schemathesis sent `"forecast_percent": 347.0` and `"input_tokens": 0.0`).
@Suite struct ObjectReaderTests {
    @Test(arguments: [("956", 956), ("956.0", 956), ("-3.00", -3), ("0.0", 0), ("9223372036854775807", Int64.max)] as [(String, Int64)])
    func wholeNumbersAreRead(text: String, value: Int64) {
        #expect(ObjectReader.wholeNumber(text) == value)
    }

    @Test(arguments: ["956.5", "1e3", "0.01", "9223372036854775808", "9223372036854775808.0", ".0", "abc"])
    func otherNumbersAreNot(text: String) {
        #expect(ObjectReader.wholeNumber(text) == nil)
    }
}
