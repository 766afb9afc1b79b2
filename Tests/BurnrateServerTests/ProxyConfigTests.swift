import BurnrateCore
import BurnrateStore
import Logging
import Testing

@testable import BurnrateServer

@Suite struct ProxyConfigTests {
    @Test func theProxySectionAddsUpstreamsAndVirtualKeys() throws {
        let file = try ConfigFile.parse(
            """
            proxy:
              require_virtual_key: true
              read_timeout_seconds: 30
              upstreams:
                vllm: {kind: openai, base_url: "http://10.0.0.5:8000/v1/", provider: vLLM}
                azure: {kind: azure, base_url: https://acme.openai.azure.com, api_version: "2024-10-21", api_key_env: AZ_KEY}
              virtual_keys:
                - {key_env: KEY_SEARCH, tenant: acme, feature: search, tags: {region: eu}, upstream: vllm}
            """, environment: ["AZ_KEY": "azure-secret", "KEY_SEARCH": "br-search-0123456789"])
        let proxy = try #require(file.proxy)
        #expect(proxy.requireVirtualKey)
        #expect(proxy.readTimeout == .seconds(30))
        #expect(proxy.upstreams["vllm"] == ProxyUpstream(name: "vllm", kind: .openAI, baseURL: "http://10.0.0.5:8000/v1", provider: "vllm"))
        #expect(
            proxy.upstreams["vllm"]?.url(for: .chatCompletions, deployment: nil, query: nil) == "http://10.0.0.5:8000/v1/chat/completions")
        #expect(proxy.upstreams["azure"]?.apiKey == "azure-secret")
        #expect(proxy.upstreams["openai"]?.baseURL == "https://api.openai.com/v1")
        #expect(proxy.upstreams["anthropic"]?.url(for: .messages, deployment: nil, query: nil) == "https://api.anthropic.com/v1/messages")
        #expect(
            proxy.virtualKeys == [
                VirtualKey(
                    key: "br-search-0123456789",
                    attribution: RequestAttribution(attribution: Attribution(tenant: "acme", feature: "search"), tags: ["region": "eu"]),
                    upstream: "vllm")
            ])
    }

    @Test func keysSelectableUpstreamsAndAttributionHeadersAreConfigured() throws {
        let file = try ConfigFile.parse(
            """
            proxy:
              require_burnrate_key: false
              upstreams:
                shared: {base_url: "http://10.0.0.5:8000/v1", selectable: true}
                private: {base_url: "http://10.0.0.6:8000/v1", api_key: sk-operator}
              virtual_keys:
                - {key: br-gateway-0123456789, team: platform, allow_attribution_headers: true}
                - {key: br-fixed-0123456789, tenant: acme}
            """, environment: [:])
        let proxy = try #require(file.proxy)
        #expect(proxy.requireBurnrateKey == false)
        #expect(proxy.upstreams["shared"]?.selectable == true)
        #expect(proxy.upstreams["private"]?.selectable == false)
        #expect(proxy.upstreams["openai"]?.selectable == false)
        #expect(proxy.virtualKeys.map(\.allowsAttributionHeaders) == [true, false])
        #expect(try ConfigFile.parse("proxy: {upstreams: {}}", environment: [:]).proxy?.requireBurnrateKey == nil)
        #expect(throws: (any Error).self) {
            try ConfigFile.parse("proxy: {require_burnrate_key: sometimes}", environment: [:])
        }
    }

    @Test func mistakesAreNamed() {
        do {
            _ = try ConfigFile.parse(
                """
                proxy:
                  upstreams:
                    bad: {kind: grpc, base_url: ftp://x}
                    azure: {kind: azure, base_url: https://x.openai.azure.com}
                  virtual_keys:
                    - {key_env: MISSING, upstream: nowhere}
                """, environment: [:])
            Issue.record("expected an error")
        } catch {
            let text = error.description
            for expected in ["kind", "base_url", "api_version", "MISSING", "upstream"] { #expect(text.contains(expected), "\(expected)") }
        }
    }

    /// A full buffer drops the event, counts it and keeps the rest; draining stores them.
    @Test func aFullRecorderBufferIsCountedNotSilent() async throws {
        let ledger = try await TestServer.ledger()
        let metrics = ProxyMetrics()
        let recorder = ProxyRecorder(ledger: ledger, capacity: 2, metrics: metrics, logger: Logger(label: "test"))
        let catalog = try await ledger.catalog()
        let events = (0..<3).map {
            Pricer.price(
                UsageEvent(id: "e\($0)", timestamp: .now(), provider: "openai", model: "gpt-4o", usage: TokenUsage(inputTokens: 10)),
                catalog: catalog)
        }
        #expect(events.map { recorder.record($0) } == [true, true, false])
        var exposition: [UInt8] = []
        metrics.emit(into: &exposition)
        #expect(String(decoding: exposition, as: UTF8.self).contains("burnrate_proxy_events_dropped_total 1"))
        await recorder.drain()
        #expect(recorder.pending == 0)
        #expect(try await ledger.store.event(id: "e1") != nil)
        #expect(try await ledger.store.event(id: "e2") == nil)
    }
}
