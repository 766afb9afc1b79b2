import BurnrateCore
import Testing

/// Which paths the proxy forwards: the server keeps those on their connection's event loop.
@Suite struct ProxyAPIPathTests {
    @Test(arguments: [
        "/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/responses", "/v1/messages",
        "//v1/chat//completions/", "/openai/deployments/gpt-4o-prod/chat/completions",
        "/openai/deployments/ada/embeddings",
    ])
    func proxiedPaths(_ path: String) {
        #expect(ProxyAPI.forwards(path: path))
    }

    @Test(arguments: [
        "/", "/v1", "/v1/traces", "/v1/chat", "/v1/chat/completions/extra", "/api/v1/events", "/v2/chat/completions",
        "/openai/deployments/gpt-4o/messages", "/openai/deployments/embeddings", "/openai/deployments//responses",
    ])
    func otherPaths(_ path: String) {
        #expect(!ProxyAPI.forwards(path: path))
    }

    @Test func routesNameTheAPIAndTheAzureDeployment() {
        #expect(ProxyAPI.route(path: "/v1/messages")?.api == .messages)
        #expect(ProxyAPI.route(path: "/v1/messages")?.deployment == nil)
        #expect(ProxyAPI.route(path: "//v1/chat//completions/")?.api == .chatCompletions)
        let azure = ProxyAPI.route(path: "/openai/deployments/gpt-4o-prod/embeddings")
        #expect(azure?.api == .embeddings)
        #expect(azure?.deployment == "gpt-4o-prod")
        #expect(ProxyAPI.route(path: "/v1/traces") == nil)
    }
}
