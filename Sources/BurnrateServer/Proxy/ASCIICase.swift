extension Collection<UInt8> {
    /// Whether these bytes spell `lowercase`, ASCII letters in either case: how header values
    /// such as `Bearer` and `text/event-stream` compare, without lowercasing a whole value on
    /// every request.
    func equalsIgnoringASCIICase(_ lowercase: some Collection<UInt8>) -> Bool {
        elementsEqual(lowercase) { $0 | 0x20 == $1 }
    }
}
