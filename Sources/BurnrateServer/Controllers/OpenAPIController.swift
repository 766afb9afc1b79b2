import Foundation
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 description of the API, as kept in the repository.
struct OpenAPIController<Context: RequestContext> {
    /// The document, read once from the bundle.
    static var document: ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            preconditionFailure("openapi.json is missing from the BurnrateServer bundle")
        }
        return ByteBuffer(bytes: data)
    }

    func addRoutes(to router: Router<Context>) {
        let document = Self.document
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: document))
        }
    }
}
