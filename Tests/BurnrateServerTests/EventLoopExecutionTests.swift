import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import BurnrateServer

/// Proxied requests run on their connection's event loop; everything else runs off it.
@Suite struct EventLoopExecutionTests {
    @Test func aTaskThatPrefersAnEventLoopRunsThereAcrossSuspensions() async throws {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let onLoop = await Task(executorPreference: EventLoopTaskExecutor(eventLoop)) {
            var seen = [eventLoop.inEventLoop]
            await Task.yield()
            seen.append(eventLoop.inEventLoop)
            try? await Task.sleep(for: .milliseconds(5))
            seen.append(eventLoop.inEventLoop)
            return seen
        }.value
        #expect(onLoop == [true, true, true])
    }

    @Test func theProxyStaysOnTheEventLoopAndOtherRoutesLeaveIt() async throws {
        let router = Router()
        router.add(middleware: OffEventLoopMiddleware())
        let onLoop: @Sendable () -> String = { MultiThreadedEventLoopGroup.currentEventLoop == nil ? "off" : "on" }
        router.post("v1/chat/completions") { _, _ in onLoop() }
        router.post("openai/deployments/{deployment}/embeddings") { _, _ in onLoop() }
        router.get("api/v1/summary") { _, _ in onLoop() }
        router.get("api/v1/export") { _, _ in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: onLoop()))
                    try await writer.finish(nil)
                })
        }
        let app = Application(
            router: router, server: .pinnedHTTP1(proxy: nil), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            for path in ["/v1/chat/completions", "/openai/deployments/ada/embeddings"] {
                let response = try await client.execute(uri: path, method: .post, body: ByteBuffer(string: "{}"))
                #expect(String(buffer: response.body) == "on", "\(path)")
            }
            for path in ["/api/v1/summary", "/api/v1/export"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(String(buffer: response.body) == "off", "\(path)")
            }
        }
    }
}
