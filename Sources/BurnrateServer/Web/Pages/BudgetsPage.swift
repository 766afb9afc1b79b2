import BurnrateCore
import BurnrateStore
import Foundation

/// `/budgets`: each budget's progress as a gauge with its burn rate, projection and projected
/// exhaustion, and forms to create, edit and delete budgets (protected by a CSRF token).
struct BudgetsPage: Sendable {
    let dashboard: Dashboard

    /// The dimensions a budget's scope can name in the form.
    static let scopeFields: [(key: String, label: String)] = [
        ("tenant", "Tenant"), ("feature", "Feature"), ("team", "Team"), ("model", "Model"), ("environment", "Environment"),
    ]

    /// The page; `editing` fills the form with a budget, `form` with what was posted (after a
    /// rejected post, with its `issues`).
    func render(
        session: WebSession, editing: Budget? = nil, form: FormBody? = nil, issues: [FieldIssue] = [], notice: String? = nil
    ) async throws -> String {
        let statuses = try await dashboard.budgets.statuses(now: .now())
        var body =
            #"<h1>Budgets</h1><p class="lede">Spend in each budget's current period, in \#(HTML.escape(dashboard.calendar.zoneName)).</p>"#
        if let notice { body += #"<p class="notice" role="status">\#(HTML.escape(notice))</p>"# }
        if statuses.isEmpty {
            body += #"<p class="empty">No budget yet. Create one below.</p>"#
        }
        body += #"<div class="grid2">"#
        for (index, status) in statuses.enumerated() {
            body += #"<section class="panel" aria-label="\#(HTML.escape(status.budget.name))">"#
            body += Self.gauge(status, id: "budget-\(index)")
            body +=
                #"<p class="card-note">\#(HTML.escape(Self.scopeText(status.budget.scope))), \#(Self.perText(status)), thresholds \#(status.budget.thresholds.map { "\($0)%" }.joined(separator: ", ")).</p>"#
            if status.budget.source == .config {
                body += #"<p class="card-note">Managed in the config file.</p>"#
            } else if session.mayChange {
                let id = HTML.escape(status.budget.id)
                body +=
                    #"<p><a href="/budgets?edit=\#(id)#budget-form">Edit<span class="visually-hidden"> \#(HTML.escape(status.budget.name))</span></a> "#
                body +=
                    #"<form class="inline-form" method="post" action="/budgets/\#(id)/delete"><input type="hidden" name="csrf" value="\#(session.csrf)"><button type="submit" class="secondary">Delete<span class="visually-hidden"> \#(HTML.escape(status.budget.name))</span></button></form></p>"#
            }
            body += "</section>"
        }
        body += "</div>"
        if session.mayChange { body += Self.form(editing: editing, posted: form, issues: issues, csrf: session.csrf) }
        return body
    }

    /// `monthly`, or for a per-session budget what its gauge shows: the costliest session.
    static func perText(_ status: BudgetStatus) -> String {
        guard status.budget.per == .session else { return status.budget.period.rawValue }
        let worst = status.costliestSessions.first.map { " (the costliest this period: \(HTML.escape($0.id)))" } ?? ""
        return "per session\(worst)"
    }

    static func scopeText(_ scope: BudgetScope) -> String {
        scope.isGlobal
            ? "All spend"
            : scope.filters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.joined(separator: " or "))" }.joined(separator: ", ")
    }

    static func form(editing: Budget?, posted: FormBody?, issues: [FieldIssue], csrf: String) -> String {
        func value(_ key: String, _ fallback: String?) -> String { HTML.escape(posted?[key] ?? fallback ?? "") }
        let action = editing.map { "/budgets/\(HTML.escape($0.id))" } ?? "/budgets"
        var html =
            #"<section class="panel" id="budget-form" aria-labelledby="form-heading"><h2 id="form-heading">\#(editing == nil ? "New budget" : "Edit \(HTML.escape(editing?.name ?? ""))")</h2>"#
        html += #"<span id="new"></span>"#
        if !issues.isEmpty {
            html += #"<div class="notice error" role="alert"><p>The budget was not saved:</p><ul>"#
            html += issues.map { "<li><code>\(HTML.escape($0.field ?? ""))</code> \(HTML.escape($0.message))</li>" }.joined()
            html += "</ul></div>"
        }
        html += #"<form class="stacked" method="post" action="\#(action)"><input type="hidden" name="csrf" value="\#(csrf)">"#
        html += #"<label>Name<input type="text" name="name" required maxlength="200" value="\#(value("name", editing?.name))"></label>"#
        html +=
            #"<label>Amount (USD)<input type="text" name="amount_usd" required inputmode="decimal" value="\#(value("amount_usd", editing?.amount.usdString))"></label>"#
        html += #"<label>Period<select name="period">"#
        let period = posted?["period"] ?? editing?.period.rawValue ?? "monthly"
        for option in BudgetPeriod.allCases {
            html +=
                #"<option value="\#(option.rawValue)"\#(option.rawValue == period ? " selected" : "")>\#(option.rawValue.capitalized)</option>"#
        }
        html += "</select></label>"
        html +=
            #"<label>Thresholds (percent, comma-separated)<input type="text" name="thresholds" value="\#(value("thresholds", (editing?.thresholds ?? Budget.defaultThresholds).map(String.init).joined(separator: ", ")))"></label>"#
        html +=
            #"<label>Forecast alert (percent of the amount)<input type="text" name="forecast_percent" inputmode="numeric" value="\#(value("forecast_percent", String(editing?.forecastPercent ?? Budget.defaultForecastPercent)))"></label>"#
        html += "<fieldset><legend>Scope (leave empty for all spend)</legend>"
        for field in scopeFields {
            html +=
                #"<label>\#(field.label)<input type="text" name="scope.\#(field.key)" value="\#(value("scope.\(field.key)", editing?.scope.filters[field.key]?.joined(separator: ", ")))"></label>"#
        }
        html += "</fieldset>"
        html += #"<p><button type="submit">\#(editing == nil ? "Create budget" : "Save budget")</button>"#
        if editing != nil { html += #" <a href="/budgets">Cancel</a>"# }
        return html + "</p></form></section>"
    }

    /// The posted form as the API's JSON budget, decoded by the API's own decoder.
    static func budget(from form: FormBody, id: String?, createdAt: Timestamp?) -> Result<Budget, BudgetDecodingError> {
        var fields: [(String, JSONValue?)] = [
            ("name", form["name"].map(JSONValue.string)), ("amount_usd", form["amount_usd"].map(JSONValue.string)),
            ("period", form["period"].map(JSONValue.string)),
        ]
        var issues: [FieldIssue] = []
        if let text = form["thresholds"] {
            let parts = text.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
            let numbers = parts.compactMap { Int($0) }
            if numbers.count == parts.count {
                fields.append(("thresholds", .array(numbers.map { .int(Int64($0)) })))
            } else {
                issues.append(FieldIssue(field: "thresholds", message: "must be whole percentages separated by commas, as in 50, 80, 100"))
            }
        }
        if let text = form["forecast_percent"] {
            if let number = Int(text) {
                fields.append(("forecast_percent", .int(Int64(number))))
            } else {
                issues.append(FieldIssue(field: "forecast_percent", message: "must be a whole percentage (got \(text))"))
            }
        }
        var scope: [(String, JSONValue?)] = []
        for field in scopeFields {
            guard let text = form["scope.\(field.key)"] else { continue }
            let values = text.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
            scope.append((field.key, values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string))))
        }
        if !scope.isEmpty { fields.append(("scope", .fields(scope))) }
        guard issues.isEmpty else { return .failure(BudgetDecodingError(issues: issues)) }
        let text = JSONValue.fields(fields).serialized()
        guard let node = try? JSONParser.parse(Array(text.utf8)) else {
            return .failure(BudgetDecodingError(issues: [FieldIssue(field: "name", message: "could not be read")]))
        }
        return BudgetDecoder.decode(node, id: id, source: .api, createdAt: createdAt, now: .now())
    }

    /// A budget's gauge with its figures underneath.
    static func gauge(_ status: BudgetStatus, id: String) -> String {
        let amount = status.budget.amount
        let fraction = { (money: Money) in Double(money.nanos) / Double(max(amount.nanos, 1)) }
        let tone: BudgetGaugeChart.Tone =
            switch status.state {
            case .exceeded: .exceeded
            case .forecastExceeded, .warning: .warning
            case .ok: .ok
            }
        let summary =
            "\(Figures.compactUSD(status.spent)) spent of \(Figures.compactUSD(amount)) (\(Figures.percent(status.usedPercent))), "
            + "projected \(Figures.compactUSD(status.projected)) by the end of the period."
        let chart = BudgetGaugeChart(
            id: id, title: "\(status.budget.name): \(status.budget.period.rawValue) budget", summary: summary,
            spent: fraction(status.spent), projected: fraction(status.projected), thresholds: status.budget.thresholds, tone: tone)
        var html = #"<div class="budget" data-budget="\#(HTML.escape(status.budget.id))">"#
        html +=
            #"<p><strong>\#(HTML.escape(status.budget.name))</strong> <span class="status \#(tone.rawValue)">\#(stateName(status.state))</span></p>"#
        html += chart.svg()
        html +=
            #"<dl class="facts"><dt>Spent</dt><dd data-figure="spent" data-value="\#(status.spent.usdString)">\#(Figures.compactUSD(status.spent)) of \#(Figures.compactUSD(amount)) (\#(Figures.percent(status.usedPercent)))</dd>"#
        html += "<dt>Burn rate</dt><dd>\(Figures.compactUSD(status.burnRatePerDay)) a day</dd>"
        html +=
            #"<dt>Projected</dt><dd data-figure="projected" data-value="\#(status.projected.usdString)">\#(Figures.compactUSD(status.projected)) by the end of the period</dd>"#
        html +=
            "<dt>Runs out</dt><dd>\(status.exhaustion.map { HTML.escape($0.rfc3339.prefix(10).description) } ?? "not within this period at this rate")</dd></dl>"
        return html + "</div>"
    }

    static func stateName(_ state: BudgetState) -> String {
        switch state {
        case .exceeded: "Exceeded"
        case .forecastExceeded: "Forecast over"
        case .warning: "Warning"
        case .ok: "On track"
        }
    }
}
