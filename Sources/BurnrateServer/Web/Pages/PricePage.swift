import BurnrateCore
import BurnrateStore
import Foundation

/// `/prices/new`: set the price of a model, typically one the Operations page lists as unpriced,
/// and reprice its stored events, as `PUT /api/v1/prices/{model}` and `POST /api/v1/reprice` do.
struct PricePage: Sendable {
    let dashboard: Dashboard

    func render(session: WebSession, form: FormBody, issues: [FieldIssue] = []) async throws -> String {
        func value(_ key: String) -> String { HTML.escape(form[key] ?? "") }
        var body = "<h1>Set a price</h1>"
        body +=
            #"<p class="lede">Prices are US dollars per million tokens. A price applies to the events of its model from its effective date; events already stored keep their cost until they are repriced.</p>"#
        if let provider = form["provider"], let model = form["model"] {
            let unpriced = try await unpricedRequests(provider: provider, model: model)
            if unpriced > 0 {
                body += "<p>\(Figures.count(unpriced)) stored requests of \(HTML.escape("\(provider)/\(model)")) have no price.</p>"
            }
        }
        guard session.mayChange else {
            return body + #"<p class="notice">A viewer key may read the dashboard but not change it; sign in with an admin key.</p>"#
        }
        if !issues.isEmpty {
            body += #"<div class="notice error" role="alert"><p>The price was not saved:</p><ul>"#
            body += issues.map { "<li><code>\(HTML.escape($0.field ?? ""))</code> \(HTML.escape($0.message))</li>" }.joined()
            body += "</ul></div>"
        }
        body += #"<form class="stacked" method="post" action="/prices"><input type="hidden" name="csrf" value="\#(session.csrf)">"#
        body += #"<label>Provider<input type="text" name="provider" required maxlength="64" value="\#(value("provider"))"></label>"#
        body += #"<label>Model<input type="text" name="model" required maxlength="200" value="\#(value("model"))"></label>"#
        body +=
            #"<label>Input (USD per million tokens)<input type="text" name="input" required inputmode="decimal" placeholder="2.50" value="\#(value("input"))"></label>"#
        body +=
            #"<label>Output (USD per million tokens)<input type="text" name="output" required inputmode="decimal" placeholder="10.00" value="\#(value("output"))"></label>"#
        body +=
            #"<label>Cached input (USD per million tokens, optional)<input type="text" name="cache_read" inputmode="decimal" value="\#(value("cache_read"))"></label>"#
        body +=
            #"<label>Effective from (YYYY-MM-DD; empty: from the first event of a model without any price, else today)<input type="text" name="effective_from" inputmode="numeric" value="\#(value("effective_from"))"></label>"#
        let reprice = form["csrf"] == nil || form["reprice"] != nil
        body +=
            #"<label class="check"><input type="checkbox" name="reprice" value="1"\#(reprice ? " checked" : "")> Price the stored events of this model that have no price</label>"#
        return body + #"<p><button type="submit">Save price</button> <a href="/operations#unpriced-heading">Cancel</a></p></form>"#
    }

    /// Saves the posted price and, when asked, reprices the model's unpriced events; the issues
    /// of a form that is not a valid price entry.
    func save(_ form: FormBody) async throws -> [FieldIssue] {
        let fields: [(String, JSONValue?)] = ["provider", "model", "input", "output", "cache_read", "effective_from"].map { key in
            (key, form[key].map(JSONValue.string))
        }
        guard let node = try? JSONParser.parse(Array(JSONValue.fields(fields).serialized().utf8)) else {
            return [FieldIssue(field: "model", message: "could not be read")]
        }
        var reader = ObjectReader(node)
        var defaultDate: Date?
        if let provider = form["provider"], let model = form["model"] {
            defaultDate = try await dashboard.ledger.defaultEffectiveFrom(provider: provider, model: model)
        }
        let entry = PriceDocument.readEntry(&reader, origin: .override, defaultEffectiveFrom: defaultDate)
        guard let entry, reader.issues.isEmpty else { return reader.issues }
        try await dashboard.ledger.setPrice(entry)
        if form["reprice"] != nil {
            var filter = EventFilter(from: Timestamp(entry.effectiveFrom))
            filter.dimensions = [.provider: [entry.provider], .model: [entry.model]]
            _ = try await dashboard.ledger.reprice(
                RepriceSelection(filter: filter, onlyUnpriced: true),
                reason: "price of \(entry.provider)/\(entry.model) set on the dashboard")
        }
        return []
    }

    func unpricedRequests(provider: String, model: String) async throws -> Int64 {
        try await dashboard.store.summary(EventFilter()).unpricedModels
            .filter { $0.provider == provider && $0.model == model }
            .reduce(0) { $0 + $1.requests }
    }
}
