/// The filter bar of the Costs and Operations pages: a GET form, so that every view is a link
/// that can be shared, plus the active filters, each with a link that removes it.
enum FilterForm {
    /// The dimensions the form offers as text fields.
    static let fields: [(key: String, label: String)] = [
        ("tenant", "Tenant"), ("feature", "Feature"), ("model", "Model"), ("environment", "Environment"),
    ]

    /// `suggestions` lists known values per field, offered through a `<datalist>`.
    static func html(_ query: WebQuery, action: String, suggestions: [String: [String]] = [:]) -> String {
        var html = #"<form class="filters" method="get" action="\#(action)" aria-label="Filters">"#
        html += #"<label>Period<select name="period">"#
        for preset in WebQuery.presets {
            let selected = query.period == preset.id ? " selected" : ""
            html += #"<option value="\#(preset.id)"\#(selected)>\#(preset.label)</option>"#
        }
        if query.period == nil { html += #"<option value="" selected>Custom (from/to)</option>"# }
        html += "</select></label>"
        let from = query.period == nil ? query.value("from") ?? "" : ""
        let to = query.period == nil ? query.value("to") ?? "" : ""
        html +=
            #"<label>From<input type="text" name="from" value="\#(HTML.escape(from))" placeholder="YYYY-MM-DD" inputmode="numeric"></label>"#
        html +=
            #"<label>To (exclusive)<input type="text" name="to" value="\#(HTML.escape(to))" placeholder="YYYY-MM-DD" inputmode="numeric"></label>"#
        for field in fields {
            let list = suggestions[field.key].map { _ in #" list="\#(field.key)-options""# } ?? ""
            html +=
                #"<label>\#(field.label)<input type="text" name="\#(field.key)" value="\#(HTML.escape(query.value(field.key) ?? ""))"\#(list) autocomplete="off"></label>"#
            if let values = suggestions[field.key] {
                html += #"<datalist id="\#(field.key)-options">"#
                for value in values { html += #"<option value="\#(HTML.escape(value))"></option>"# }
                html += "</datalist>"
            }
        }
        let tag = query.items.first { $0.key.hasPrefix("tag.") }.map { "\($0.key.dropFirst(4))=\($0.value)" } ?? ""
        html += #"<label>Tag<input type="text" name="tag" value="\#(HTML.escape(tag))" placeholder="region=eu" autocomplete="off"></label>"#
        // Filters the form has no field for (a category, a second tag, a user) ride along.
        let shown = Set(fields.map(\.key) + ["from", "to"])
        var firstTag = true
        for item in query.items where !shown.contains(item.key) {
            if item.key.hasPrefix("tag."), firstTag {
                firstTag = false
                continue
            }
            html += #"<input type="hidden" name="\#(HTML.escape(item.key))" value="\#(HTML.escape(item.value))">"#
        }
        html += #"<button type="submit">Apply</button><a class="reset" href="\#(action)">Reset</a></form>"#
        let active = query.items.filter { $0.key != "from" && $0.key != "to" }
        if !active.isEmpty {
            html += #"<p class="active-filters">Showing only "#
            html += active.map { item in
                let name = item.key.hasPrefix("tag.") ? "tag \(item.key.dropFirst(4))" : item.key
                let without = WebQuery.link(action, query.parameters().filter { !($0.key == item.key && $0.value == item.value) })
                return
                    #"\#(HTML.escape(name)) = <strong>\#(HTML.escape(item.value))</strong> (<a href="\#(HTML.escape(without))">remove<span class="visually-hidden"> \#(HTML.escape(name)) filter</span></a>)"#
            }.joined(separator: ", ")
            html += ".</p>"
        }
        return html
    }
}
