import BurnrateCore
import BurnrateStore
import Hummingbird

/// `POST /api/v1/reconciliation/charges` (a bill CSV), `GET /api/v1/reconciliation` (the bill
/// against Burnrate's figures) and `DELETE /api/v1/reconciliation/charges/{import_id}`.
struct ReconciliationController<Context: RequestContext> {
    /// The largest bill file accepted.
    static var maximumBodyBytes: Int { 20 * 1024 * 1024 }

    let service: ReconciliationService

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("reconciliation/charges", use: importBill)
        group.get("reconciliation", use: report)
        group.delete("reconciliation/charges/{import_id}", use: deleteImport)
    }

    /// Body: a bill CSV in any format `BillFile` reads. Query: `tolerance`, `min_difference`.
    @Sendable func importBill(request: Request, context: Context) async throws -> JSONResponse {
        let tolerance = try Self.tolerance(request.uri.queryParameters, allowing: [])
        var request = request
        let body = try await request.collectBody(
            upTo: Self.maximumBodyBytes, tooLarge: "The bill is larger than 20 MB; split it by month.")
        let imported: ReconciliationService.BillImport
        do {
            imported = try await service.importBill(Array(body.readableBytesView), tolerance: tolerance)
        } catch let failure as BillFile.Failure {
            throw Self.problem(for: failure)
        }
        return JSONResponse(value: ReconciliationPresenter.imported(imported))
    }

    /// Query: `from`, `to` (dates or RFC 3339; UTC days), `provider`, `tolerance` (percent,
    /// default 1), `min_difference` (USD, default 0.01), `rows` (`all`, the default, `flagged` or
    /// `none`: which daily rows to list besides the findings).
    @Sendable func report(request: Request, context: Context) async throws -> JSONResponse {
        let parameters = request.uri.queryParameters
        let tolerance = try Self.tolerance(parameters, allowing: ["from", "to", "provider", "rows"])
        var issues: [FieldIssue] = []
        let rowsText = parameters.get("rows") ?? "all"
        let rows = ReconciliationPresenter.RowSelection(rawValue: rowsText)
        if rows == nil {
            issues.append(FieldIssue(field: "rows", message: "must be all, flagged or none (got \(rowsText))"))
        }
        func day(_ name: String, roundingUp: Bool) -> UTCDay? {
            guard let text = parameters.get(name) else { return nil }
            guard let instant = FilterQuery.parseInstant(text) else {
                issues.append(FieldIssue(field: name, message: "must be a date YYYY-MM-DD or an RFC 3339 time (got \(text))"))
                return nil
            }
            let day = UTCDay(containing: instant)
            return roundingUp && day.start < instant ? day.adding(days: 1) : day
        }
        let from = day("from", roundingUp: false)
        let to = day("to", roundingUp: true)
        if let from, let to, from >= to {
            issues.append(FieldIssue(field: "to", message: "must be after 'from' (\(from) to \(to) holds no day)"))
        }
        guard issues.isEmpty, let rows else { throw Problem.badRequest("The query parameters are not valid.", errors: issues) }
        let provider = parameters.get("provider").map { $0.lowercased() }
        let report = try await service.report(from: from, to: to, provider: provider, tolerance: tolerance)
        return JSONResponse(value: ReconciliationPresenter.report(report, rows: rows))
    }

    @Sendable func deleteImport(request: Request, context: Context) async throws -> JSONResponse {
        let importID = try context.parameters.require("import_id")
        let deleted = try await service.ledger.store.deleteChargeImport(importID)
        guard deleted > 0 else { throw Problem.notFound("No stored charges belong to import '\(importID)'.") }
        return JSONResponse(value: .fields([("import_id", .string(importID)), ("deleted", .int(deleted))]))
    }

    /// Reads `tolerance` and `min_difference`, rejecting parameters other than those and `allowing`.
    static func tolerance(_ parameters: Parameters, allowing: Set<String>) throws(Problem) -> Tolerance {
        var tolerance = Tolerance()
        var issues: [FieldIssue] = []
        for (key, value) in parameters {
            let name = String(key)
            let text = String(value)
            switch name {
            case "tolerance":
                guard let percent = Double(text), percent.isFinite, percent >= 0, percent <= 1000 else {
                    issues.append(FieldIssue(field: name, message: "must be a percentage from 0 to 1000, such as 1 or 0.5 (got \(text))"))
                    continue
                }
                tolerance.percent = percent
            case "min_difference":
                guard let amount = Money(usd: text), amount >= .zero else {
                    issues.append(FieldIssue(field: name, message: "must be an amount in USD of 0 or more, such as 0.01 (got \(text))"))
                    continue
                }
                tolerance.minimumDifference = amount
            default:
                if !allowing.contains(name) {
                    let known = (["tolerance", "min_difference"] + allowing.sorted()).joined(separator: ", ")
                    issues.append(FieldIssue(field: name, message: "is not a known parameter (known: \(known))"))
                }
            }
        }
        guard issues.isEmpty else { throw Problem.badRequest("The query parameters are not valid.", errors: issues) }
        return tolerance
    }

    static func problem(for failure: BillFile.Failure) -> Problem {
        switch failure {
        case .empty:
            return .badRequest("The bill holds no rows after its header; nothing was stored.")
        case .unrecognized(let columns):
            let known = BillFile.formats.map { "\($0.source.rawValue): \($0.columns)" }.joined(separator: "; ")
            let read = columns.isEmpty ? "no header" : "the header \(columns.joined(separator: ","))"
            return .badRequest("The bill's format was not recognized from \(read); nothing was stored. Known formats: \(known).")
        case .invalid(let issues):
            let lines = Set(issues.compactMap(\.line)).count
            return .badRequest(
                "\(issues.count) problem\(issues.count == 1 ? "" : "s") in \(lines) row\(lines == 1 ? "" : "s") of the bill; nothing was stored.",
                errors: issues)
        }
    }
}
