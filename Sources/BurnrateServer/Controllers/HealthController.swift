import BurnrateCore
import BurnrateStore
import Hummingbird

/// `/healthz` (the process answers) and `/readyz` (it can read the database and has a catalog).
struct HealthController<Context: RequestContext> {
    let ledger: Ledger

    func addRoutes(to router: Router<Context>) {
        router.get("healthz") { _, _ in JSONResponse(value: .fields([("status", .string("ok"))])) }
        router.get("readyz") { _, _ in
            let prices: Int
            do {
                try await ledger.store.checkHealth()
                prices = try await ledger.catalog().entries.count
            } catch {
                throw Problem(.serviceUnavailable, detail: "The database is not reachable: \(error)")
            }
            return JSONResponse(
                value: .fields([
                    ("status", .string("ready")),
                    ("prices", .int(prices)),
                ]))
        }
    }
}
