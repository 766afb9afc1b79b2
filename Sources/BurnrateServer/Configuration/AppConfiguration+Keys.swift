extension AppConfiguration {
    /// The fewest characters a key may have. Sixteen random characters are beyond guessing even
    /// without the sign-in limit; `openssl rand -hex 32` makes a good key.
    public static let minimumKeyLength = 16

    /// A configured key that is too short to keep anyone out, found before the server starts.
    public struct KeyError: Error, Sendable, CustomStringConvertible {
        /// Where the key came from, as a person would set it: `--api-key (or BURNRATE_API_KEY)`.
        public var source: String
        /// The key's length in characters; 0 for an empty key.
        public var length: Int

        public var description: String {
            let problem =
                length == 0
                ? "is empty (an empty value, or an empty item in a comma-separated list)"
                : "has \(length) character\(length == 1 ? "" : "s")"
            return
                "A key set with \(source) \(problem); keys must have at least \(AppConfiguration.minimumKeyLength) characters. Generate one with 'openssl rand -hex 32'."
        }
    }

    /// Each kind of key, with the flag and environment variable that set it.
    var keySources: [(keys: [String], source: String)] {
        [
            (adminKeys, "--api-key (or BURNRATE_API_KEY)"),
            (ingestKeys, "--ingest-key (or BURNRATE_INGEST_KEY)"),
            (viewerKeys, "--viewer-key (or BURNRATE_VIEWER_KEY)"),
            (metricsKeys, "--metrics-key (or BURNRATE_METRICS_KEY)"),
        ]
    }

    /// Throws for the first key that is empty or shorter than `minimumKeyLength`; `burnrate
    /// serve` calls it before starting. Leading and trailing whitespace do not count.
    public func validateKeys() throws(KeyError) {
        for (keys, source) in keySources {
            for key in keys {
                let length = key.trimmed.count
                if length < Self.minimumKeyLength { throw KeyError(source: source, length: length) }
            }
        }
    }
}
