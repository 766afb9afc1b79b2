import BurnrateCore
import Foundation
import Testing

@Suite struct RandomIDTests {
    @Test func spellsVersionFourUUIDsInLowerCase() throws {
        for _ in 0..<600 {
            let id = RandomID.make()
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString.lowercased() == id)
            let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4)
            #expect(bytes[8] >> 6 == 0b10)
        }
    }

    /// 10,000 identifiers span 40 blocks of the generator: no repeats within or across blocks, and
    /// the first hex digit takes all 16 values.
    @Test func neverRepeatsAcrossBlocks() {
        let ids = (0..<10_000).map { _ in RandomID.make() }
        #expect(Set(ids).count == ids.count)
        let firstDigits = Set(ids.map { $0.first! })
        #expect(firstDigits.count == 16)
    }

    @Test func isSafeToCallFromManyTasksAtOnce() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<2_000).map { _ in RandomID.make() } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(ids).count == 16_000)
    }
}
