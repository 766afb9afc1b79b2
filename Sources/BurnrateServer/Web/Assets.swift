/// The dashboard's static files, served by Burnrate itself: one stylesheet (light and dark
/// through `prefers-color-scheme`, narrow screens down to 390 px), one small script (auto-refresh
/// and filter submit; every page reads without it) and an icon. Nothing comes from another host.
enum Assets {
    /// Bump with any change to the files so that browsers holding a cached copy fetch the new one.
    static let version = "6"
    static let stylesheetPath = "/assets/app.css?v=\(version)"
    static let scriptPath = "/assets/app.js?v=\(version)"
    static let iconPath = "/assets/icon.svg?v=\(version)"

    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b4441f"/>\
        <path d="M16 5c2 5 7 7 7 14a7 7 0 0 1-14 0c0-4 2-6 3-8 1 3 2 4 4 4-1-4-1-7 0-10z" fill="#fff"/></svg>
        """

    static let script = """
        // Burnrate dashboard: optional enhancements only. Filter selects submit on change;
        // pages marked data-refresh reload every so often while visible.
        (function () {
          document.querySelectorAll('form.filters select').forEach(function (select) {
            select.addEventListener('change', function () { select.form.requestSubmit(); });
          });
          document.querySelectorAll('form.filters').forEach(function (form) {
            form.addEventListener('submit', function () {
              form.querySelectorAll('input, select').forEach(function (field) {
                if (field.name && field.value === '') { field.disabled = true; }
              });
            });
          });
          var seconds = parseInt(document.body.getAttribute('data-refresh') || '0', 10);
          if (seconds > 0) {
            setInterval(function () {
              if (document.visibilityState === 'visible' && !document.querySelector('form:focus-within')) { location.reload(); }
            }, seconds * 1000);
          }
        })();

        """

    static let stylesheet = """
        :root {
          color-scheme: light dark;
          --bg: #f6f7f9; --surface: #ffffff; --text: #1b1f24; --muted: #57606a; --border: #d5d9de;
          --accent: #b4441f; --link: #0b57d0; --focus: #0b57d0;
          --ok: #1a7f37; --warn: #9a6700; --bad: #c62828; --ok-bg: #e6f4ea; --warn-bg: #fff4d6; --bad-bg: #fde7e7;
          --s0: #2f6fde; --s1: #d9822b; --s2: #2e9e6b; --s3: #a04fc4; --s4: #c2407a; --s5: #6b7a8f;
          --grid: #e3e6ea;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #111418; --surface: #1a1f25; --text: #e8eaed; --muted: #a3acb7; --border: #343b44;
            --accent: #f08a5d; --link: #8ab4f8; --focus: #8ab4f8;
            --ok: #5cc77a; --warn: #e3b341; --bad: #ff7b72; --ok-bg: #17301f; --warn-bg: #33290f; --bad-bg: #3a1a1a;
            --s0: #6ea0ff; --s1: #f0a35e; --s2: #5cc79a; --s3: #c48ae0; --s4: #ef7fb0; --s5: #9aa7b8;
            --grid: #2a3038;
          }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        a { color: var(--link); }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, [tabindex]:focus-visible {
          outline: 3px solid var(--focus); outline-offset: 2px;
        }
        .skip { position: absolute; left: -9999px; top: 0; background: var(--surface); padding: .5rem 1rem; z-index: 10; }
        .skip:focus { left: 1rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        header.site { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1.5rem; padding: .75rem 1.25rem;
          background: var(--surface); border-bottom: 1px solid var(--border); }
        .brand { font-weight: 700; font-size: 1.15rem; color: var(--accent); text-decoration: none; }
        header.site nav ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 0; padding: 0; }
        header.site nav a { display: block; padding: .35rem .7rem; border-radius: 6px; color: var(--text); text-decoration: none; }
        header.site nav a:hover { background: var(--bg); }
        header.site nav a[aria-current="page"] { background: var(--accent); color: #fff; }
        @media (prefers-color-scheme: dark) { header.site nav a[aria-current="page"] { color: #111418; } }
        .signout { margin-left: auto; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem 2rem; }
        main:focus { outline: none; }
        h1 { font-size: 1.6rem; margin: .5rem 0 .25rem; }
        h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
        h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
        .lede { color: var(--muted); margin: 0 0 1rem; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: .75rem; margin: 1rem 0; }
        .card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: .8rem 1rem; min-width: 0; }
        .card-label { margin: 0; color: var(--muted); font-size: .9rem; }
        .card-value { margin: .15rem 0; font-size: 1.75rem; font-weight: 650; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .card-note { margin: 0; font-size: .9rem; color: var(--muted); }
        .card.tone-ok { border-left: 6px solid var(--ok); }
        .card.tone-warning { border-left: 6px solid var(--warn); }
        .card.tone-exceeded { border-left: 6px solid var(--bad); }
        .status { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .85rem; font-weight: 600; }
        .status.ok { background: var(--ok-bg); color: var(--ok); }
        .status.warning { background: var(--warn-bg); color: var(--warn); }
        .status.exceeded { background: var(--bad-bg); color: var(--bad); }
        .banner { border-radius: 10px; padding: .75rem 1rem; margin: 1rem 0; border: 1px solid var(--bad); background: var(--bad-bg); }
        .banner p { margin: .25rem 0 0; }
        .banner h2 { margin: 0 0 .25rem; font-size: 1.05rem; color: var(--bad); }
        .banner ul { margin: .25rem 0 0; padding-left: 1.2rem; }
        .notice { border-radius: 10px; padding: .75rem 1rem; margin: 1rem 0; border: 1px solid var(--border); background: var(--surface); }
        .notice.error { border-color: var(--bad); }
        .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap: 1rem 1.5rem; }
        .panel { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: .5rem 1rem 1rem; min-width: 0; }
        .panel, .grid2 { margin: 1rem 0; }
        .grid2 > .panel { margin: 0; }
        .panel > h2:first-child { margin-top: .5rem; }
        .empty { color: var(--muted); font-style: italic; }
        /* Positioned, so that the visually hidden text of a wide table scrolls with it instead of widening the page. */
        .table-scroll { overflow-x: auto; max-width: 100%; position: relative; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0 .5rem; }
        /* Headers and row names wrap, and only when the table would not fit otherwise; values never do. */
        th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--border); text-align: left; }
        td { white-space: nowrap; }
        thead th { color: var(--muted); font-weight: 600; font-size: .9rem; }
        tbody th { font-weight: 500; }
        .num { text-align: right; }
        table.wrap th, table.wrap td { white-space: normal; min-width: 7rem; }
        .download { margin: .4rem 0 0; font-size: .9rem; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: flex-end; background: var(--surface);
          border: 1px solid var(--border); border-radius: 10px; padding: .75rem 1rem; margin: 1rem 0; }
        form.filters label, form.stacked label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .15rem; }
        form.stacked label.check { flex-direction: row; align-items: center; gap: .5rem; color: var(--text); }
        input[type="checkbox"] { min-height: 0; width: 1.1rem; height: 1.1rem; accent-color: var(--accent); }
        input, select, button { font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--border);
          border-radius: 6px; padding: .35rem .5rem; min-height: 2.25rem; }
        input[type="text"], input[type="date"], input[type="password"], input[type="number"], select { max-width: 100%; }
        form.filters input[type="text"] { width: 10rem; }
        button, .button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; text-decoration: none;
          display: inline-block; border-radius: 6px; padding: .35rem .8rem; }
        @media (prefers-color-scheme: dark) { button, .button { color: #111418; } }
        button.secondary { background: transparent; color: var(--link); border-color: var(--border); }
        button.danger { background: var(--bad); border-color: var(--bad); }
        .filters .reset { align-self: center; }
        .active-filters { margin: .25rem 0 0; color: var(--muted); }
        form.stacked { display: grid; gap: .6rem; max-width: 32rem; }
        .inline-form { display: inline; }
        figure.chart-figure { margin: 0 0 1rem; }
        figure.chart-figure figcaption { font-weight: 600; margin-bottom: .25rem; }
        svg.chart, svg.gauge { width: 100%; height: auto; display: block; overflow: visible; }
        svg.chart { max-width: 760px; margin: 0 auto; }
        svg .grid { stroke: var(--grid); stroke-width: 1; }
        svg .tick, svg .label { fill: var(--muted); font-size: \(ChartText.wideSize)px; font-family: inherit; }
        svg .line { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
        svg .line.forecast { stroke-dasharray: 6 5; }
        svg .line.reference { stroke-dasharray: 2 4; stroke-width: 2; }
        svg .line.series-0 { stroke: var(--s0); } svg .column.actual.series-0, svg .dot.series-0 { fill: var(--s0); }
        svg .line.series-1 { stroke: var(--s1); } svg .column.actual.series-1, svg .dot.series-1 { fill: var(--s1); }
        svg .line.series-2 { stroke: var(--s2); } svg .column.actual.series-2, svg .dot.series-2 { fill: var(--s2); }
        svg .line.series-3 { stroke: var(--s3); } svg .column.actual.series-3, svg .dot.series-3 { fill: var(--s3); }
        svg .line.series-4 { stroke: var(--s4); } svg .column.actual.series-4, svg .dot.series-4 { fill: var(--s4); }
        svg .line.series-5 { stroke: var(--s5); } svg .column.actual.series-5, svg .dot.series-5 { fill: var(--s5); }
        svg .column { stroke: none; }
        svg .hatch-ground { fill: var(--surface); }
        svg .hatch-line { stroke: var(--s0); stroke-width: 3; }
        svg .band { fill: var(--s0); opacity: .15; }
        svg .mark { fill: var(--bad); stroke: var(--surface); stroke-width: 2; }
        svg .gauge-track { fill: var(--grid); }
        svg .gauge-bar.ok { fill: var(--ok); } svg .gauge-bar.warning { fill: var(--warn); } svg .gauge-bar.exceeded { fill: var(--bad); }
        svg .gauge-threshold { stroke: var(--text); stroke-width: 2; }
        svg .gauge-projection { fill: var(--text); }
        .legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .25rem 0; font-size: .85rem; color: var(--muted); }
        .legend li::before { content: ""; display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .35rem; vertical-align: -1px; background: var(--swatch); }
        .legend .swatch-0 { --swatch: var(--s0); } .legend .swatch-1 { --swatch: var(--s1); } .legend .swatch-2 { --swatch: var(--s2); }
        .legend .swatch-3 { --swatch: var(--s3); } .legend .swatch-4 { --swatch: var(--s4); } .legend .swatch-5 { --swatch: var(--s5); }
        .legend .swatch-hatch { --swatch: repeating-linear-gradient(45deg, var(--s0) 0 3px, var(--surface) 3px 6px); }
        .legend .swatch-mark { --swatch: var(--bad); }
        .legend .swatch-band { --swatch: color-mix(in srgb, var(--s0) 15%, var(--surface)); }
        details.chart-table { margin: .25rem 0 0; font-size: .9rem; }
        details.chart-table summary { cursor: pointer; color: var(--link); }
        details.chart-table table { display: block; overflow-x: auto; position: relative; }
        ol.opportunities { padding-left: 1.2rem; margin: 0; }
        ol.opportunities li { margin: .35rem 0; }
        .amount { font-weight: 650; font-variant-numeric: tabular-nums; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .pager { margin: .5rem 0 0; }
        code.run-id { overflow-wrap: anywhere; font-size: .9em; }
        table.waterfall td.span { width: 35%; min-width: 8rem; }
        svg.span { display: block; width: 100%; height: .75rem; }
        svg.span .track { fill: var(--grid); }
        svg.span .bar { fill: var(--s0); }
        svg.span .bar.failed { fill: var(--bad); }
        svg.span .bar.unknown { opacity: .55; }
        \((0...SessionPage.maximumIndent).map { "table.tree th.depth-\($0) { padding-left: calc(.6rem + \($0) * 1.1rem); }\n" }.joined())\
        footer.site { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem 2rem; color: var(--muted); font-size: .85rem; }
        @media (max-width: 600px) {
          header.site { padding: .6rem .75rem; gap: .25rem .75rem; }
          header.site nav a { padding: .25rem .4rem; font-size: .92rem; }
          main { padding: .75rem .75rem 1.5rem; }
          h1 { font-size: 1.35rem; }
          .cards { grid-template-columns: 1fr 1fr; gap: .5rem; }
          .card { padding: .6rem .7rem; }
          .card-value { font-size: 1.3rem; }
          .grid2 { grid-template-columns: 1fr; }
          form.filters { padding: .6rem; }
          form.filters label { flex: 1 1 40%; }
          form.filters input[type="text"] { width: 100%; }
        }
        /* Charts draw at about half size on phones: larger text, and fewer category labels (ChartText). */
        @media (max-width: \(ChartText.narrowScreen)px) {
          svg .tick, svg .label { font-size: \(ChartText.narrowSize)px; }
          svg .label.wide-only { display: none; }
        }

        """
}
