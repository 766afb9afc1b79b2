import BurnrateCore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Who is looking at the dashboard, and the token their forms must carry.
///
/// Without API keys the dashboard is open (the server listens on loopback only) and forms are
/// protected by a double-submit token: a random `burnrate_csrf` cookie (HttpOnly,
/// SameSite=Strict) that each form repeats in a hidden field. With keys, `/login` exchanges an
/// admin or viewer key for a random session id in the `burnrate_session` cookie (HttpOnly,
/// SameSite=Strict); the session holds its own CSRF token and whether it may change things.
struct WebSession: Sendable {
    enum Role: String, Sendable {
        case admin
        case viewer
    }

    var role: Role
    var csrf: String
    /// Set when the visitor has no CSRF cookie yet: the response sets it.
    var newCookie: String?
    var signedIn: Bool

    var mayChange: Bool { role == .admin }

    /// A random token of 32 bytes, hex-encoded.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
                if pair.count == 2, pair[0] == name { return pair[1] }
            }
        }
        return nil
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Strict, and `Secure` when `secure`.
    static func setCookie(_ name: String, _ value: String, maxAge: Int? = nil, secure: Bool = false) -> String {
        "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "") + (maxAge.map { "; Max-Age=\($0)" } ?? "")
    }

    /// Whether the browser reached Burnrate over TLS: directly (`https` scheme) or through a
    /// reverse proxy that says so with `X-Forwarded-Proto: https` (its first value, the
    /// client's side). Cookies set over TLS are `Secure`, so the browser never sends them in clear.
    static func isSecure(_ request: Request) -> Bool {
        if request.head.scheme?.lowercased() == "https" { return true }
        let forwarded = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? ""
        return forwarded.split(separator: ",").first.map { String($0).trimmed.lowercased() } == "https"
    }

    /// Whether the form's token is the session's, compared in constant time.
    func accepts(_ form: FormBody) -> Bool {
        guard let token = form["csrf"] else { return false }
        return APIKeyMiddleware<BasicRequestContext>.constantTimeEquals(Array(token.utf8), Array(csrf.utf8))
    }
}

/// The signed-in sessions of this process: random ids to role and CSRF token, each expiring
/// after `lifetime`. A restart signs everyone out.
final class WebSessions: Sendable {
    struct Entry: Sendable {
        var role: WebSession.Role
        var csrf: String
        var expires: Date
    }

    static let lifetime: TimeInterval = 12 * 3600
    private let entries = Mutex<[String: Entry]>([:])

    func create(role: WebSession.Role) -> (id: String, entry: Entry) {
        let id = WebSession.randomToken()
        let entry = Entry(role: role, csrf: WebSession.randomToken(), expires: Date().addingTimeInterval(Self.lifetime))
        entries.withLock { entries in
            entries = entries.filter { $0.value.expires > Date() }
            entries[id] = entry
        }
        return (id, entry)
    }

    func entry(_ id: String) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.expires > Date() else { return nil }
            return entry
        }
    }

    func remove(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
