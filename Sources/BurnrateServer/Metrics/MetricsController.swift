import BurnrateCore
import Hummingbird
import NIOCore

/// `GET /metrics`: every metric family in the Prometheus text exposition format.
struct MetricsController<Context: RequestContext> {
    /// The content type of the text exposition format Prometheus scrapes.
    static var contentType: String { "text/plain; version=0.0.4; charset=utf-8" }

    let metrics: BurnrateMetrics

    func addRoutes(to router: Router<Context>) {
        router.get("metrics") { _, _ in
            let text = try await metrics.scrape(now: .now())
            return Response(status: .ok, headers: [.contentType: Self.contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
