import BurnrateCore
import Hummingbird

/// Runs every request but the proxy's on Swift's global executor, body included.
///
/// Connections run on their event loops (`EventLoopPinnedChannel`) so that proxied requests
/// make no thread hops. Dashboard pages, exports and ingest batches take milliseconds to seconds
/// of CPU: on an event loop they would delay every other connection of that loop, proxied
/// requests first. A response body without a length is streamed by a closure, which runs later,
/// so it is moved off the loop too.
struct OffEventLoopMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ProxyAPI.forwards(path: request.uri.path) { return try await next(request, context) }
        var response = try await withTaskExecutorPreference(globalConcurrentExecutor) { try await next(request, context) }
        if response.body.contentLength == nil {
            let body = response.body
            response.body = ResponseBody { writer in
                try await withTaskExecutorPreference(globalConcurrentExecutor) { try await body.write(writer) }
            }
        }
        return response
    }
}
