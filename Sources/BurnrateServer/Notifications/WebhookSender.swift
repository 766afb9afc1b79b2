import AsyncHTTPClient
import BurnrateCore
import NIOCore
import NIOHTTP1

/// What one attempt to deliver a notification came to.
struct DeliveryOutcome: Sendable, Hashable {
    /// The HTTP status, when the receiver answered.
    var statusCode: Int?
    /// Why it failed, in words; `nil` when it succeeded.
    var error: String?

    var succeeded: Bool { error == nil }

    /// A notification written to the log, which cannot fail.
    static let logged = DeliveryOutcome(statusCode: nil, error: nil)
}

/// One `POST` of a JSON body to a webhook or Slack channel, within a time limit.
struct WebhookSender: Sendable {
    let client: HTTPClient
    let timeout: Duration

    /// How much of a failed answer's body is quoted in the error (Slack explains itself there:
    /// `invalid_blocks`, `no_service`).
    static let quotedBodyLimit = 200

    /// Posts `body`; a 2xx answer succeeds, any other answer, a transport error or the timeout
    /// fails.
    func post(_ body: ByteBuffer, to channel: NotificationChannel) async -> DeliveryOutcome {
        var request = HTTPClientRequest(url: channel.url ?? "")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Burnrate")
        for (name, value) in channel.headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(body)
        do {
            let response = try await client.execute(request, deadline: .now() + TimeAmount(timeout))
            let status = Int(response.status.code)
            let answer = try? await response.body.collect(upTo: 16 * 1024)
            guard (200..<300).contains(status) else {
                return DeliveryOutcome(statusCode: status, error: "HTTP \(status)" + Self.quoted(answer))
            }
            return DeliveryOutcome(statusCode: status, error: nil)
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            return DeliveryOutcome(statusCode: nil, error: "timed out after \(Self.describe(timeout))")
        } catch {
            return DeliveryOutcome(statusCode: nil, error: "\(error)")
        }
    }

    /// `: invalid_blocks` from the start of an error answer, on one line; empty when it has none.
    static func quoted(_ body: ByteBuffer?) -> String {
        guard let body, body.readableBytes > 0 else { return "" }
        let text = String(buffer: body).split(whereSeparator: \.isNewline).joined(separator: " ")
        let cut = text.count > quotedBodyLimit ? String(text.prefix(quotedBodyLimit)) + "…" : text
        return ": " + cut
    }

    /// `10 s` or `250 ms`.
    static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.wholeMilliseconds
        return milliseconds % 1_000 == 0 ? "\(milliseconds / 1_000) s" : "\(milliseconds) ms"
    }
}
