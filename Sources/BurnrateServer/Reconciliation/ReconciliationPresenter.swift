import BurnrateCore
import BurnrateStore
import Foundation

/// The JSON shapes of bill imports and reconciliation reports.
enum ReconciliationPresenter {
    static func imported(_ imported: ReconciliationService.BillImport) -> JSONValue {
        let charges = imported.bill.charges
        return .fields([
            ("import_id", .string(imported.bill.importID)),
            ("format", .string(imported.bill.source.rawValue)),
            ("charges", .int(charges.count)),
            ("inserted", .int(imported.saved.inserted)),
            ("replaced", .int(imported.saved.replaced)),
            ("providers", strings(Set(charges.map(\.provider)).sorted())),
            ("from", charges.map(\.period.start).min().map { .string($0.description) }),
            ("to", charges.map(\.period.end).max().map { .string($0.description) }),
            ("reconciliation", report(imported.report, rows: .none)),
        ])
    }

    /// Which daily rows a report lists besides its findings.
    enum RowSelection: String, CaseIterable {
        case all, flagged, none
    }

    static func report(_ report: ReconciliationReport, rows selection: RowSelection) -> JSONValue {
        let daily = report.rows.filter { !$0.isInvoice && (selection == .all || (selection == .flagged && $0.flagged)) }
        return .fields([
            ("from", report.rows.map(\.period.start).min().map { .string($0.description) }),
            ("to", report.rows.map(\.period.end).max().map { .string($0.description) }),
            ("tolerance_percent", .number(number(report.tolerance.percent))),
            ("minimum_difference_usd", .usd(report.tolerance.minimumDifference)),
            ("total", totals(report.total)),
            ("providers", .array(report.providers.map(totals))),
            ("findings", .array(report.findings.map(row))),
            ("invoices", .array(report.rows.filter(\.isInvoice).map(row))),
            ("rows", selection == .none ? nil : .array(daily.map(row))),
        ])
    }

    static func totals(_ totals: ReconciliationTotals) -> JSONValue {
        .fields([
            ("provider", totals.provider.map(JSONValue.string)),
            ("billed_usd", .usd(totals.billed)),
            ("billed_nanos", .int(totals.billed.nanos)),
            ("computed_usd", .usd(totals.computed)),
            ("computed_nanos", .int(totals.computed.nanos)),
            ("difference_usd", .usd(totals.difference)),
            ("difference_nanos", .int(totals.difference.nanos)),
            ("drift_percent", totals.driftPercent.map { .number(number($0)) } ?? .null),
            ("days", .int(totals.days)),
            ("flagged_rows", .int(totals.flaggedRows)),
        ])
    }

    static func row(_ row: ReconciliationRow) -> JSONValue {
        var members: [(String, JSONValue?)] = [
            ("provider", .string(row.provider)),
            ("model", row.model.map(JSONValue.string) ?? .null),
            ("kind", .string(row.isInvoice ? "invoice" : "day")),
            ("period_start", .string(row.period.start.description)),
            ("period_end", .string(row.period.end.description)),
            ("billed_models", strings(row.billedModels)),
            ("computed_models", strings(row.computedModels)),
        ]
        let billed: JSONValue = row.billed.map { .usd($0) } ?? .null
        let billedNanos: JSONValue = row.billed.map { .int($0.nanos) } ?? .null
        let difference: JSONValue = row.difference.map { .usd($0) } ?? .null
        let differenceNanos: JSONValue = row.difference.map { .int($0.nanos) } ?? .null
        let drift: JSONValue = row.driftPercent.map { .number(number($0)) } ?? .null
        members += [
            ("billed_usd", billed), ("billed_nanos", billedNanos), ("computed_usd", .usd(row.computed)),
            ("computed_nanos", .int(row.computed.nanos)), ("difference_usd", difference), ("difference_nanos", differenceNanos),
            ("drift_percent", drift), ("flagged", .bool(row.flagged)),
        ]
        let billedRequests: JSONValue = row.billedRequests.map { .int($0) } ?? .null
        let billedTokens: JSONValue = row.billedTokens.map(tokens) ?? .null
        members += [
            ("billed_requests", billedRequests), ("computed_requests", .int(row.computedRequests)),
            ("unpriced_requests", .int(row.unpricedRequests)), ("billed_tokens", billedTokens),
            ("computed_tokens", tokens(row.computedTokens)), ("causes", .array(row.causes.map(cause))),
        ]
        return .fields(members)
    }

    static func tokens(_ usage: TokenUsage) -> JSONValue {
        .fields([
            ("input", .int(usage.inputTokens)),
            ("output", .int(usage.outputTokens)),
            ("cache_read", .int(usage.cacheReadTokens)),
            ("cache_write", .int(usage.cacheWriteTokens)),
        ])
    }

    static func cause(_ cause: LikelyCause) -> JSONValue {
        var members: [(String, JSONValue?)] = [("kind", .string(cause.kind)), ("message", .string(cause.message))]
        switch cause {
        case .unpricedEvents(let requests, let total):
            members += [("unpriced_requests", .int(requests)), ("requests", .int(total))]
        case .noEventsRecorded(let billedRequests, let recordedUnder):
            members += [("billed_requests", billedRequests.map { .int($0) } ?? .null), ("recorded_under", strings(recordedUnder))]
        case .daysWithoutEvents(let days):
            members += [("days", strings(days.map(\.description)))]
        case .tokenGap(let billed, let computed, let billedRequests, let computedRequests):
            members += [
                ("billed_tokens", .int(billed)), ("computed_tokens", .int(computed)),
                ("billed_requests", billedRequests.map { .int($0) } ?? .null), ("computed_requests", .int(computedRequests)),
            ]
        case .cacheAccounting(let billedRead, let computedRead, let billedWrite, let computedWrite):
            members += [
                ("billed_cache_read_tokens", .int(billedRead)), ("computed_cache_read_tokens", .int(computedRead)),
                ("billed_cache_write_tokens", .int(billedWrite)), ("computed_cache_write_tokens", .int(computedWrite)),
            ]
        case .notOnBill(let names):
            members += [("billed_models", strings(names))]
        case .priceDiffers(let priceID, let atCatalog):
            members += [("price_id", .string(priceID)), ("billed_tokens_at_catalog_price_usd", .usd(atCatalog))]
        case .flaggedDays(let rows, let difference):
            members += [("rows", .int(rows)), ("difference_usd", .usd(difference)), ("difference_nanos", .int(difference.nanos))]
        case .steadyRatio(let ratio, let days):
            members += [("ratio", .number(number(ratio))), ("days", .int(days))]
        }
        return .fields(members)
    }

    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }

    /// A ratio or percentage with three decimals, for display; money is never written this way.
    static func number(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
