extension Substring {
    /// This text without the spaces and tabs around it: the optional whitespace HTTP allows around
    /// a header value and the elements of a list in one (RFC 9110, section 5.6.3).
    public var trimmingOptionalWhitespace: Substring {
        let isWhitespace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = utf8.firstIndex(where: { !isWhitespace($0) }), let last = utf8.lastIndex(where: { !isWhitespace($0) })
        else { return self[endIndex...] }
        return self[first...last]
    }
}
