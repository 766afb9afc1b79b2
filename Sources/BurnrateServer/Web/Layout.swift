/// The page shell every dashboard page shares: head, skip link, site header with the main
/// navigation, the page's `<main>`, and a footer.
enum Layout {
    /// The main navigation, in order: path and label.
    static let sections: [(path: String, label: String)] = [
        ("/", "Executive"), ("/costs", "Costs"), ("/sessions", "Sessions"), ("/operations", "Operations"), ("/budgets", "Budgets"),
        ("/roi", "ROI"),
    ]

    /// A whole HTML document. `current` is the navigation path to mark as the current page;
    /// `refresh` lets the script reload the page every minute while it is visible.
    static func page(
        title: String, current: String?, body: String, refresh: Bool = false, signedIn: Bool = false, csrf: String? = nil
    ) -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(HTML.escape(title)) · Burnrate</title>\
            <link rel="stylesheet" href="\(Assets.stylesheetPath)">\
            <link rel="icon" href="\(Assets.iconPath)" type="image/svg+xml">\
            <script src="\(Assets.scriptPath)" defer></script></head>
            <body\(refresh ? #" data-refresh="60""# : "")><a class="skip" href="#main">Skip to content</a>\
            <header class="site"><a class="brand" href="/">Burnrate</a><nav aria-label="Main"><ul>
            """
        for section in sections {
            let isCurrent = section.path == current
            html += #"<li><a href="\#(section.path)"\#(isCurrent ? #" aria-current="page""# : "")>\#(section.label)</a></li>"#
        }
        html += "</ul></nav>"
        if signedIn, let csrf {
            html +=
                #"<form class="signout" method="post" action="/logout"><input type="hidden" name="csrf" value="\#(HTML.escape(csrf))"><button type="submit">Sign out</button></form>"#
        }
        html += #"</header><main id="main" tabindex="-1">"# + body
        html +=
            #"</main><footer class="site"><p>Burnrate · figures from the same services as the <a href="/openapi.json">JSON API</a></p></footer></body></html>"#
        return html
    }

    /// A headline figure: a label, the value, and an optional note (a change, a status).
    /// `figure` names the figure and gives its exact value (`data-figure`, `data-value`), for
    /// tests and scrapers to read without parsing the rounded text.
    static func card(
        _ label: String, _ value: String, note: String? = nil, tone: String? = nil, figure: (name: String, exact: String)? = nil
    ) -> String {
        var html = #"<div class="card\#(tone.map { " tone-\($0)" } ?? "")"><p class="card-label">\#(HTML.escape(label))</p>"#
        let data = figure.map { #" data-figure="\#(HTML.escape($0.name))" data-value="\#(HTML.escape($0.exact))""# } ?? ""
        html += #"<p class="card-value"\#(data)>\#(HTML.escape(value))</p>"#
        if let note { html += #"<p class="card-note">\#(HTML.escape(note))</p>"# }
        return html + "</div>"
    }
}
