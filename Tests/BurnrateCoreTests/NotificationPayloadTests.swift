import BurnrateCore
import Testing

/// The webhook and Slack bodies for a fixed alert, byte for byte.
@Suite struct NotificationPayloadTests {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static let alert = Alert(
        id: "alert-7", rule: "budget_threshold", key: "budget_threshold/acme-monthly/80", state: .firing, severity: .warning,
        summary: "Budget 'Acme monthly' reached 80%: $812.40 of $1,000.00",
        figures: [
            .usd("spent_usd", Money(usd: "812.40")!), .usd("budget_usd", Money(dollars: 1_000)), .percent("threshold_percent", 80),
            .ratio("z_score", 3.25), .count("requests", 12_345), .text("period", "2026-11"),
        ],
        labels: ["tenant": "acme", "budget": "acme-monthly"], link: "/api/v1/summary?tenant=acme&from=2026-11-01T00:00:00Z",
        startedAt: at("2026-11-23T09:30:00Z"), firedAt: at("2026-11-23T09:35:00Z"))

    static var resolved: AlertNotification {
        var alert = Self.alert
        alert.state = .resolved
        alert.resolvedAt = at("2026-11-24T08:00:00Z")
        return AlertNotification(event: .resolved, alert: alert)
    }

    @Test func webhookBodyCarriesTheAlertWithExactFiguresAndAnAbsoluteLink() {
        let body = WebhookPayload.json(
            for: AlertNotification(event: .firing, alert: Self.alert), baseURL: "https://burnrate.example.com/",
            sentAt: Self.at("2026-11-23T09:35:01.5Z"))
        #expect(
            body.serialized(indent: 2) == """
                {
                  "version": "1",
                  "event": "firing",
                  "alert": {
                    "id": "alert-7",
                    "rule": "budget_threshold",
                    "key": "budget_threshold/acme-monthly/80",
                    "state": "firing",
                    "severity": "warning",
                    "summary": "Budget 'Acme monthly' reached 80%: $812.40 of $1,000.00",
                    "figures": {
                      "spent_usd": "812.400000000",
                      "budget_usd": "1000.000000000",
                      "threshold_percent": 80.0,
                      "z_score": 3.25,
                      "requests": 12345,
                      "period": "2026-11"
                    },
                    "labels": {
                      "budget": "acme-monthly",
                      "tenant": "acme"
                    },
                    "link": "https://burnrate.example.com/api/v1/summary?tenant=acme&from=2026-11-01T00:00:00Z",
                    "started_at": "2026-11-23T09:30:00Z",
                    "fired_at": "2026-11-23T09:35:00Z",
                    "resolved_at": null
                  },
                  "sent_at": "2026-11-23T09:35:01.5Z"
                }
                """)
    }

    @Test func resolvedWebhookBodySaysWhenItResolved() {
        let body = WebhookPayload.json(for: Self.resolved, baseURL: "http://127.0.0.1:8080", sentAt: Self.at("2026-11-24T08:00:02Z"))
            .serialized()
        #expect(body.hasPrefix(#"{"version":"1","event":"resolved","alert":{"id":"alert-7","rule":"budget_threshold""#))
        #expect(body.contains(#""state":"resolved""#))
        #expect(body.contains(#""fired_at":"2026-11-23T09:35:00Z","resolved_at":"2026-11-24T08:00:00Z"}"#))
        #expect(body.contains(#""link":"http://127.0.0.1:8080/api/v1/summary?tenant=acme&from="#))
    }

    @Test func aStatisticThatIsNotANumberStaysAString() {
        var alert = Self.alert
        alert.figures = [AlertFigure(name: "z_score", unit: .ratio, value: "n/a"), .count("requests", 3)]
        let body = WebhookPayload.json(for: AlertNotification(event: .firing, alert: alert), baseURL: "http://x", sentAt: alert.startedAt)
        #expect(body.serialized().contains(#""figures":{"z_score":"n/a","requests":3}"#))
    }

    @Test(arguments: [
        ("/api/v1/summary?tenant=acme", "https://burnrate.example.com", "https://burnrate.example.com/api/v1/summary?tenant=acme"),
        ("/api/v1/summary", "https://burnrate.example.com//", "https://burnrate.example.com/api/v1/summary"),
        ("api/v1/alerts", "http://10.0.0.5:8080/burnrate", "http://10.0.0.5:8080/burnrate/api/v1/alerts"),
        ("https://elsewhere.example.com/view", "http://127.0.0.1:8080", "https://elsewhere.example.com/view"),
    ])
    func linksAreMadeAbsoluteAgainstThePublicURL(link: String, base: String, expected: String) {
        #expect(AlertLink.absolute(link, base: base) == expected)
    }

    @Test func slackBodyHasAFallbackTextAndBlocks() {
        let body = SlackPayload.json(for: AlertNotification(event: .firing, alert: Self.alert), baseURL: "https://burnrate.example.com")
        #expect(
            body.serialized(indent: 2) == #"""
                {
                  "text": ":large_orange_circle: FIRING (warning): Budget 'Acme monthly' reached 80%: $812.40 of $1,000.00 <https://burnrate.example.com/api/v1/summary?tenant=acme&amp;from=2026-11-01T00:00:00Z|View>",
                  "blocks": [
                    {
                      "type": "header",
                      "text": {
                        "type": "plain_text",
                        "text": ":large_orange_circle: Firing (warning): Budget threshold",
                        "emoji": true
                      }
                    },
                    {
                      "type": "section",
                      "text": {
                        "type": "mrkdwn",
                        "text": "Budget 'Acme monthly' reached 80%: $812.40 of $1,000.00\n<https://burnrate.example.com/api/v1/summary?tenant=acme&amp;from=2026-11-01T00:00:00Z|View in Burnrate>"
                      }
                    },
                    {
                      "type": "section",
                      "fields": [
                        {
                          "type": "mrkdwn",
                          "text": "*Spent*\n$812.40"
                        },
                        {
                          "type": "mrkdwn",
                          "text": "*Budget*\n$1,000.00"
                        },
                        {
                          "type": "mrkdwn",
                          "text": "*Threshold*\n80.0%"
                        },
                        {
                          "type": "mrkdwn",
                          "text": "*Z score*\n3.25"
                        },
                        {
                          "type": "mrkdwn",
                          "text": "*Requests*\n12,345"
                        },
                        {
                          "type": "mrkdwn",
                          "text": "*Period*\n2026-11"
                        }
                      ]
                    },
                    {
                      "type": "context",
                      "elements": [
                        {
                          "type": "mrkdwn",
                          "text": "Rule `budget_threshold` · firing · warning · since <!date^1795426500^{date_short_pretty} {time}|2026-11-23T09:35:00Z>"
                        }
                      ]
                    }
                  ]
                }
                """#)
    }

    @Test func resolvedSlackMessageIsMarkedResolved() {
        let body = SlackPayload.json(for: Self.resolved, baseURL: "https://burnrate.example.com").serialized()
        #expect(body.hasPrefix(#"{"text":":white_check_mark: RESOLVED: Budget 'Acme monthly' reached 80%"#))
        #expect(body.contains(#""text":":white_check_mark: Resolved: Budget threshold""#))
        #expect(
            body.contains(
                "Rule `budget_threshold` · resolved <!date^1795507200^{date_short_pretty} {time}|2026-11-24T08:00:00Z>"
                    + " · started <!date^1795426200^{date_short_pretty} {time}|2026-11-23T09:30:00Z>"))
    }

    @Test(arguments: [
        (AlertSeverity.critical, ":red_circle: Firing (critical)"), (.warning, ":large_orange_circle: Firing (warning)"),
        (.info, ":large_blue_circle: Firing (info)"),
    ])
    func slackHeaderIsMarkedBySeverity(severity: AlertSeverity, header: String) {
        var alert = Self.alert
        alert.severity = severity
        let body = SlackPayload.json(for: AlertNotification(event: .firing, alert: alert), baseURL: "http://x").serialized()
        #expect(body.contains(#"{"type":"plain_text","text":"\#(header): Budget threshold","emoji":true}"#))
    }

    @Test func slackTextIsEscapedAndKeptWithinSlackLimits() {
        var alert = Self.alert
        alert.rule = String(repeating: "very_long_rule_", count: 12)
        alert.summary = "Spend <script> & more > budget"
        alert.figures = (1...12).map { AlertFigure.count("figure_\($0)", Int64($0)) }
        let body = SlackPayload.json(for: AlertNotification(event: .firing, alert: alert), baseURL: "http://x")
        let text = body.serialized()
        #expect(text.contains("Spend &lt;script&gt; &amp; more &gt; budget"))
        #expect(!text.contains("<script>"))
        let blocks = body.object?["blocks"]?.elements ?? []
        guard case .string(let header) = blocks.first?.object?["text"]?.object?["text"] else {
            Issue.record("The first block has no header text")
            return
        }
        #expect(header.count == 150)
        #expect(header.hasSuffix("…"))
        let fields = blocks[2].object?["fields"]?.elements
        #expect(fields?.count == 10)
    }
}

extension JSONValue {
    /// The members of an object by key, for looking into a built body.
    fileprivate var object: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return Dictionary(members.map { ($0.key, $0.node.value) }, uniquingKeysWith: { first, _ in first })
    }

    fileprivate var elements: [JSONValue]? {
        guard case .array(let nodes) = self else { return nil }
        return nodes.map(\.value)
    }
}
