import BurnrateCore
import BurnrateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard pages show the API's figures for the same filters, drill down and download.
@Suite struct DashboardPageTests {
    /// The most a page may weigh.
    static let pageBudget = 200 * 1024

    static func withDemo<T: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await TestServer.withClient(ledger: try await DemoLedger.ledger(), body)
    }

    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.:"))) ?? value
    }

    @Test func theExecutivePageShowsTheAPIsFigures() async throws {
        try await Self.withDemo { client in
            let response = try await client.get("/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.body.readableBytes < Self.pageBudget)
            let page = PageText(html: response.text)
            let from = try #require(page.attribute("data-from"))
            let to = try #require(page.attribute("data-to"))
            let range = "from=\(Self.query(from))&to=\(Self.query(to))"

            let summary = try await client.get("/api/v1/summary?\(range)").json
            let cost = try #require(summary["cost_usd"] as? String)
            #expect(page.figure("mtd_cost") == cost)
            #expect(page.shown("mtd_cost") == Figures.compactUSD(try #require(Money(usd: cost))))
            #expect(page.figure("cost_per_request") == summary[path: "unit_costs.per_request_usd"] as? String)
            #expect(page.figure("requests") == (summary["requests"] as? Int).map(String.init))

            let forecast = try await client.get("/api/v1/forecast?to=\(Self.query(to))").json
            let projected = try #require(forecast[path: "period_end.projected_usd"] as? String)
            #expect(page.figure("forecast") == projected)

            let recommendations = try await client.get("/api/v1/recommendations?to=\(Self.query(to))").json
            #expect(
                page.first(#"data-figure="total_savings" data-usd="([^"]*)""#) == recommendations["total_monthly_savings_usd"] as? String)
            // The six months chart and the category table are there, with a table view each.
            #expect(response.text.contains(#"aria-labelledby="months-title months-desc""#))
            #expect(page.block("categories").html.contains("<table>"))
        }
    }

    @Test func theCostsPageShowsTheAPIsFiguresForTheSameFilters() async throws {
        try await Self.withDemo { client in
            let filters = "tenant=acme-corp&environment=production"
            let response = try await client.get("/costs?\(filters)&period=30d")
            #expect(response.status == .ok)
            #expect(response.body.readableBytes < Self.pageBudget)
            let page = PageText(html: response.text)
            let range =
                "from=\(Self.query(try #require(page.attribute("data-from"))))&to=\(Self.query(try #require(page.attribute("data-to"))))"
            let summary = try await client.get("/api/v1/summary?\(range)&\(filters)").json
            #expect(page.figure("cost") == summary["cost_usd"] as? String)
            #expect(page.figure("requests") == (summary["requests"] as? Int).map(String.init))
            #expect(page.figure("cost_per_1k_tokens") == summary[path: "unit_costs.per_1k_tokens_usd"] as? String)

            let breakdown = try await client.get("/api/v1/breakdown?by=model&\(range)&\(filters)").json
            let top = try #require((breakdown["rows"] as? [[String: Any]])?.first)
            let model = try #require(top[path: "key.model"] as? String)
            let csv = try await client.get("/costs?\(filters)&\(range)&format=csv&table=by-model")
            let firstRow = csv.text.split(separator: "\r\n").dropFirst().first.map { $0.split(separator: ",").map(String.init) }
            #expect(firstRow?.first == model)
            #expect(firstRow?[1] == top["cost_usd"] as? String)
        }
    }

    @Test func aBreakdownRowDrillsDownToTheFilteredView() async throws {
        try await Self.withDemo { client in
            // A fixed range, so that the drill-down links carry it and cost items prorated up to
            // "now" cannot move between the two requests.
            let first = PageText(html: try await client.get("/costs?period=30d").text)
            let fixed =
                "from=\(Self.query(try #require(first.attribute("data-from"))))&to=\(Self.query(try #require(first.attribute("data-to"))))"
            let page = PageText(html: try await client.get("/costs?\(fixed)").text)
            let tenants = page.block("by-tenant")
            let link = try #require(tenants.links.first { $0.contains("tenant=") })
            let tenant = try #require(link.split(separator: "&").first { $0.hasPrefix("tenant=") }).dropFirst(7)
            // The drilled-down view's cost is the row's cost.
            let rowCost = try #require(tenants.first(#"tenant=\#(tenant)">[^<]*</a></th><td class="num">([^<]*)<"#))
            let drilled = PageText(html: try await client.get(link).text)
            #expect(drilled.shown("cost") == rowCost)
            #expect(drilled.html.contains(#"name="tenant" value="\#(tenant)""#))
            let range =
                "from=\(Self.query(try #require(drilled.attribute("data-from"))))&to=\(Self.query(try #require(drilled.attribute("data-to"))))"
            let summary = try await client.get("/api/v1/summary?\(range)&tenant=\(tenant)").json
            #expect(drilled.figure("cost") == summary["cost_usd"] as? String)
        }
    }

    @Test func theLatestRequestsAreTheAPIsAndOpenTheirPages() async throws {
        try await Self.withDemo { client in
            let filters = "feature=search-rag"
            let page = PageText(html: try await client.get("/costs?\(filters)&period=7d").text)
            let range =
                "from=\(Self.query(try #require(page.attribute("data-from"))))&to=\(Self.query(try #require(page.attribute("data-to"))))"
            let api = try await client.get("/api/v1/events?\(range)&\(filters)&limit=20").json
            let events = try #require(api["events"] as? [[String: Any]])
            #expect(events.count == 20)
            #expect(events.allSatisfy { $0["feature"] as? String == "search-rag" })
            let links = page.block("requests").links.filter { $0.hasPrefix("/requests/") }
            #expect(links == events.compactMap { ($0["id"] as? String).map { "/requests/\($0)" } })
            let csv = try await client.get("/costs?\(filters)&\(range)&format=csv&table=requests").text
            let firstRow = try #require(csv.split(separator: "\r\n").dropFirst().first).split(separator: ",").map(String.init)
            #expect(firstRow.first == events.first?["timestamp"] as? String)
            #expect(firstRow[6] == events.first?[path: "cost.total_usd"] as? String)
            let request = try await client.get(try #require(links.first))
            #expect(request.status == .ok)
            #expect(PageText(html: request.text).figure("cost") == events.first?[path: "cost.total_usd"] as? String)
            let tooMany = try await client.get("/api/v1/events?limit=1001")
            #expect(tooMany.status == .badRequest)
        }
    }

    @Test func everyTableDownloadsAsCSVThatAddsUpToTheTotal() async throws {
        try await Self.withDemo { client in
            let page = PageText(html: try await client.get("/costs?period=mtd").text)
            let downloads = page.links.filter { $0.contains("format=csv") }
            #expect(downloads.count >= 8)
            for link in downloads {
                let response = try await client.get(link)
                #expect(response.status == .ok, "\(link)")
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment") == true)
                #expect(response.text.split(separator: "\r\n").count >= 2, "\(link)")
            }
            // The same range as the page, so that cost items prorated up to "now" match.
            let range =
                "from=\(Self.query(try #require(page.attribute("data-from"))))&to=\(Self.query(try #require(page.attribute("data-to"))))"
            let byFeature = try await client.get("/costs?\(range)&format=csv&table=by-feature").text
            let sum = byFeature.split(separator: "\r\n").dropFirst().compactMap {
                Money(usd: String($0.split(separator: ",", omittingEmptySubsequences: false)[1]))
            }
            .reduce(Money.zero, +)
            #expect(sum.usdString == page.figure("cost"))
            let executive = try await client.get("/?format=csv&table=categories")
            #expect(executive.text.hasPrefix("Category,Cost,Share\r\n"))
        }
    }

    @Test(arguments: ["/costs?period=fortnight", "/costs?tenant=acme&format=xlsx", "/costs?from=2026-13-01", "/costs?colour=red"])
    func aBadFilterExplainsItselfInHTML(uri: String) async throws {
        try await TestServer.withClient { client in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains(#"role="alert""#))
        }
    }

    @Test func pagesWorkOnAnEmptyLedgerAndAssetsAreCached() async throws {
        try await TestServer.withClient { client in
            for path in ["/", "/costs"] {
                let response = try await client.get(path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
            #expect(try await client.get("/").text.contains("No budget is set"))
            for path in ["/assets/app.css?v=1", "/assets/app.js?v=1", "/assets/icon.svg?v=1"] {
                let response = try await client.get(path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.cacheControl] == "public, max-age=86400")
            }
        }
    }
}
