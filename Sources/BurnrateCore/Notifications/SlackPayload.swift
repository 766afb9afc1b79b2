/// The body of a Slack incoming webhook for one notification: a plain `text` fallback for
/// notifications and clients without Block Kit, and `blocks` that show it properly.
///
/// The blocks are a header with a severity marker (`:red_circle:` critical,
/// `:large_orange_circle:` warning, `:large_blue_circle:` info, `:white_check_mark:` resolved),
/// a section with the summary and a link to the filtered view, the figures as fields (at most
/// ten, Slack's limit), and a context line with the rule, the state and when it happened. The
/// link is a plain mrkdwn link rather than a button: a link button posted by an incoming webhook
/// shows a warning to whoever clicks it unless the Slack app also answers interactions.
public enum SlackPayload {
    /// Slack rejects a header longer than this.
    static let headerLimit = 150
    /// Slack accepts at most this many fields in a section.
    static let fieldLimit = 10

    /// The body for `notification`, with the alert's link made absolute against `baseURL`.
    public static func json(for notification: AlertNotification, baseURL: String) -> JSONValue {
        let alert = notification.alert
        let link = AlertLink.absolute(alert.link, base: baseURL)
        var blocks: [JSONValue] = [
            .fields([("type", .string("header")), ("text", plainText(SlackMarkup.truncated(header(notification), to: headerLimit)))]),
            .fields([
                ("type", .string("section")),
                ("text", mrkdwn(SlackMarkup.escaped(alert.summary) + "\n" + SlackMarkup.link(link, label: "View in Burnrate"))),
            ]),
        ]
        if !alert.figures.isEmpty {
            let fields = alert.figures.prefix(fieldLimit).map { figure in
                mrkdwn("*\(SlackMarkup.label(of: figure))*\n\(SlackMarkup.displayValue(of: figure))")
            }
            blocks.append(.fields([("type", .string("section")), ("fields", .array(fields))]))
        }
        blocks.append(.fields([("type", .string("context")), ("elements", .array([mrkdwn(context(notification))]))]))
        return .fields([("text", .string(fallback(notification, link: link))), ("blocks", .array(blocks))])
    }

    static func marker(_ notification: AlertNotification) -> String {
        guard notification.event == .firing else { return ":white_check_mark:" }
        switch notification.alert.severity {
        case .critical: return ":red_circle:"
        case .warning: return ":large_orange_circle:"
        case .info: return ":large_blue_circle:"
        }
    }

    /// `:red_circle: Firing (critical): Budget threshold` or `:white_check_mark: Resolved: ...`.
    static func header(_ notification: AlertNotification) -> String {
        let title = SlackMarkup.sentenceCase(notification.alert.rule)
        switch notification.event {
        case .firing: return "\(marker(notification)) Firing (\(notification.alert.severity.rawValue)): \(title)"
        case .resolved: return "\(marker(notification)) Resolved: \(title)"
        }
    }

    /// The summary with the state in capitals, for notifications and clients without blocks.
    static func fallback(_ notification: AlertNotification, link: String) -> String {
        let alert = notification.alert
        let state =
            notification.event == .firing ? "FIRING (\(alert.severity.rawValue))" : "RESOLVED"
        return "\(marker(notification)) \(state): \(SlackMarkup.escaped(alert.summary)) \(SlackMarkup.link(link, label: "View"))"
    }

    /// `Rule `budget_threshold` · firing · warning · since <date>`, the date in the reader's zone.
    static func context(_ notification: AlertNotification) -> String {
        let alert = notification.alert
        let rule = "Rule `\(SlackMarkup.escaped(alert.rule))`"
        switch notification.event {
        case .firing:
            let since = SlackMarkup.date(alert.firedAt ?? alert.startedAt)
            return "\(rule) · firing · \(alert.severity.rawValue) · since \(since)"
        case .resolved:
            let at = SlackMarkup.date(alert.resolvedAt ?? alert.lastSeenAt)
            return "\(rule) · resolved \(at) · started \(SlackMarkup.date(alert.startedAt))"
        }
    }

    static func plainText(_ text: String) -> JSONValue {
        .fields([("type", .string("plain_text")), ("text", .string(text)), ("emoji", .bool(true))])
    }

    static func mrkdwn(_ text: String) -> JSONValue {
        .fields([("type", .string("mrkdwn")), ("text", .string(text))])
    }
}
