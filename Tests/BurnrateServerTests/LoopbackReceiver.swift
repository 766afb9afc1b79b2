import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP server on a free loopback port that records every request it is sent and answers
/// each as the test says, so notifications are delivered over a real connection.
enum LoopbackReceiver {
    /// One request as the receiver saw it.
    struct Request: Sendable {
        var body: String
        var headers: HTTPFields
    }

    /// Every request received, in order.
    actor Log {
        private(set) var requests: [Request] = []

        /// Adds a request and returns its 1-based number.
        func append(_ request: Request) -> Int {
            requests.append(request)
            return requests.count
        }
    }

    /// How the receiver answers its `n`th request (1-based): a status and a body.
    typealias Answer = @Sendable (Int) async -> (HTTPResponse.Status, String)

    static var quietLogger: Logger { LoopbackServer.quietLogger("loopback-receiver") }

    /// Runs `body` with the URL of a receiver answering with `answer`, and its request log.
    static func with<T: Sendable>(
        answer: @escaping Answer = { _ in (.ok, "") },
        _ body: @Sendable (_ url: String, _ log: Log) async throws -> T
    ) async throws -> T {
        let log = Log()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let received = try await request.body.collect(upTo: 1 << 20)
            let number = await log.append(Request(body: String(buffer: received), headers: request.headers))
            let (status, text) = await answer(number)
            return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        return try await LoopbackServer.run(router, label: "loopback-receiver") { port in
            try await body("http://127.0.0.1:\(port)/hook", log)
        }
    }
}

/// A latch that hanging receivers wait on until the test lets them go.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Waits until `open` is called; returns at once if it was.
    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Waits until `condition` holds, checking every few milliseconds, for at most `timeout`;
/// returns whether it came to hold. The bound is long because it only matters when the condition
/// never holds: at the start of the full suite, tests that build demo ledgers or reference
/// aggregates hold Swift's concurrency threads, and a loopback request has waited over 10 s.
func eventually(timeout: Duration = .seconds(60), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}
