import Foundation

/// Reads a newline-delimited file a block of lines at a time, so that memory stays bounded
/// whatever the file's size: one read buffer and one block of lines.
struct NDJSONBlocks {
    let path: String
    /// Lines per block (blank ones included).
    let linesPerBlock: Int

    /// The file's size in bytes.
    func size() throws -> Int64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Calls `body` with each block of lines (each with its 1-based number in the file) and the
    /// number of bytes read so far; `hash`, when given, is fed every byte of the file.
    func forEachBlock(
        hash: ((ArraySlice<UInt8>) -> Void)? = nil,
        _ body: ([(number: Int, bytes: ArraySlice<UInt8>)], _ bytesRead: Int64) async throws -> Void
    ) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure("Cannot read \(path).") }
        defer { try? handle.close() }
        var carry: [UInt8] = []
        var block: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var lineNumber = 0
        var bytesRead: Int64 = 0
        while true {
            let chunk = try handle.read(upToCount: 4 << 20) ?? Data()
            let atEnd = chunk.isEmpty
            bytesRead += Int64(chunk.count)
            var buffer = carry
            buffer.append(contentsOf: chunk)
            hash?(buffer[carry.count...])
            var start = 0
            for index in buffer.indices where buffer[index] == UInt8(ascii: "\n") {
                lineNumber += 1
                block.append((lineNumber, buffer[start..<index]))
                start = index + 1
                if block.count == linesPerBlock {
                    try await body(block, bytesRead)
                    block.removeAll(keepingCapacity: true)
                }
            }
            if atEnd {
                if start < buffer.count {
                    lineNumber += 1
                    block.append((lineNumber, buffer[start...]))
                }
                if !block.isEmpty { try await body(block, bytesRead) }
                return
            }
            carry = Array(buffer[start...])
        }
    }
}
