import BurnrateCore
import HTTPTypes
import Hummingbird

/// The proxy's routes: `POST /v1/chat/completions`, `/v1/completions`, `/v1/embeddings`,
/// `/v1/responses` (OpenAI-compatible), `/v1/messages` (Anthropic) and the Azure OpenAI paths
/// `/openai/deployments/{deployment}/...`, answered by `ProxyForwarder`.
///
/// A running server takes these requests off its pipeline before the router
/// (`ProxyChannelHandler`); the routes serve them wherever the router alone answers, as in
/// tests, and give both ways the same behaviour.
struct ProxyController<Context: RequestContext> {
    let forwarder: ProxyForwarder

    func addRoutes(to router: Router<Context>) {
        let v1 = router.group("v1")
        for api in ProxyAPI.allCases {
            v1.post(RouterPath(api.path)) { request, context in try await forward(api, request: request, deployment: nil) }
        }
        let azure = router.group("openai/deployments/{deployment}")
        for api in ProxyAPI.azureDeploymentAPIs {
            azure.post(RouterPath(api.path)) { request, context in
                try await forward(api, request: request, deployment: try context.parameters.require("deployment"))
            }
        }
    }

    func forward(_ api: ProxyAPI, request: Request, deployment: String?) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: ProxyForwarder.maximumRequestBytes, tooLarge: ProxyForwarder.requestTooLarge)
        let reply = try await forwarder.forward(api, headers: request.headers, query: request.uri.query, body: body, deployment: deployment)
        switch reply.body {
        case .whole(let bytes):
            return Response(status: reply.status, headers: reply.headers, body: ResponseBody(byteBuffer: bytes))
        case .stream(let stream):
            return Response(
                status: reply.status, headers: reply.headers,
                body: ResponseBody { writer in
                    try await stream { try await writer.write($0) }
                    try await writer.finish(nil)
                })
        }
    }
}
