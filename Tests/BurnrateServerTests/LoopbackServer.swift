import Hummingbird
import Logging
import ServiceLifecycle

/// Serves a test's router on a free loopback port for as long as `body` runs, then shuts it down
/// gracefully, also when `body` throws.
enum LoopbackServer {
    /// A logger that stays silent but for critical messages.
    static func quietLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }

    static func run<T: Sendable>(
        _ router: Router<BasicRequestContext>, label: String, _ body: @Sendable (_ port: Int) async throws -> T
    ) async throws -> T {
        let logger = quietLogger(label)
        let (ports, portInput) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portInput.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let server = ServiceGroup(services: [app], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await server.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            do {
                let result = try await body(port)
                await server.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await server.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
