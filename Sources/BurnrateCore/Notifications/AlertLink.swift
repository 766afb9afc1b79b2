/// Turns an alert's relative link into the absolute URL a person can open from a chat message or
/// a pager, using the address Burnrate is reached at from outside.
public enum AlertLink {
    /// `base` joined with `link` by exactly one slash; a link that is already absolute is kept.
    ///
    /// `absolute("/api/v1/summary?tenant=acme", base: "https://burnrate.example.com/")` is
    /// `https://burnrate.example.com/api/v1/summary?tenant=acme`.
    public static func absolute(_ link: String, base: String) -> String {
        if link.hasPrefix("http://") || link.hasPrefix("https://") { return link }
        var trimmedBase = Substring(base)
        while trimmedBase.hasSuffix("/") { trimmedBase.removeLast() }
        let path = link.hasPrefix("/") ? link : "/" + link
        return trimmedBase + path
    }
}
