import BurnrateCore

/// The JSON of the sessions endpoints.
enum SessionsPresenter {
    static func range(_ scope: AnalyticsScope) -> [(String, JSONValue?)] {
        [("from", .string(scope.range.lowerBound.rfc3339)), ("to", .string(scope.range.upperBound.rfc3339))]
    }

    static func list(_ sessions: [SessionSummary], scope: AnalyticsScope, order: SessionOrder, limit: Int, offset: Int) -> JSONValue {
        .fields(
            range(scope) + [
                ("sort", .string(order.rawValue)),
                ("offset", .int(offset)),
                // A full page may have more after it.
                ("next_offset", sessions.count == limit ? .int(offset + limit) : nil),
                ("sessions", .array(sessions.map(summary))),
            ])
    }

    static func summary(_ session: SessionSummary) -> JSONValue {
        let attribution = session.attribution
        return .fields([
            ("session_id", .string(session.id)),
            ("start", .string(session.start.rfc3339)),
            ("end", .string(session.end.rfc3339)),
            ("duration_seconds", .double(session.durationSeconds)),
            ("calls", .int(session.calls)),
            ("error_calls", .int(session.errorCalls)),
            ("unpriced_calls", .int(session.unpricedCalls)),
            ("input_tokens", .int(session.inputTokens)),
            ("output_tokens", .int(session.outputTokens)),
            ("cost_usd", .usd(session.cost)),
            ("tenant", .optionalString(attribution.tenant)),
            ("user", .optionalString(attribution.user)),
            ("feature", .optionalString(attribution.feature)),
            ("team", .optionalString(attribution.team)),
            ("environment", .optionalString(attribution.environment)),
            ("models", .array(session.models.map(JSONValue.string))),
        ])
    }

    static func detail(_ session: SessionSummary, timeline: SessionTimeline, limit: Int) -> JSONValue {
        .fields([
            ("session", summary(session)),
            // The timeline stops at `limit` calls; the session's sums count them all.
            ("truncated", .bool(session.calls > Int64(timeline.calls.count))),
            ("calls", .array(timeline.calls.map(call))),
            ("steps", .array(timeline.steps.map(step))),
        ])
    }

    static func call(_ entry: TimelineCall) -> JSONValue {
        let event = entry.call.event
        return .fields([
            ("id", .string(event.id)),
            ("timestamp", .string(event.timestamp.rfc3339)),
            ("offset_ms", .int(entry.offsetMicroseconds / 1_000)),
            ("provider", .string(event.provider)),
            ("model", .string(event.model)),
            ("step", .optionalString(event.run.step)),
            ("parent_id", .optionalString(event.run.parentID)),
            ("trace_id", .optionalString(event.run.traceID)),
            ("status", .string(event.status.rawValue)),
            ("latency_ms", event.latencyMs.map { .int($0) }),
            ("input_tokens", .int(event.usage.inputTokens)),
            ("output_tokens", .int(event.usage.outputTokens)),
            ("priced", .bool(entry.call.isPriced)),
            ("cost_usd", .usd(entry.call.cost.total)),
            ("running_cost_usd", .usd(entry.runningCost)),
        ])
    }

    static func step(_ node: StepNode) -> JSONValue {
        .fields([
            ("id", .string(node.id)),
            ("kind", .string(node.kind.rawValue)),
            ("parent", .optionalString(node.parent)),
            ("depth", .int(node.depth)),
            ("name", .optionalString(node.name)),
            ("start", .string(node.start.rfc3339)),
            ("calls", .int(node.calls)),
            ("cost_usd", .usd(node.cost)),
        ])
    }

    static func distribution(_ rows: [SessionCostDistribution], scope: AnalyticsScope, interval: String?) -> JSONValue {
        .fields(
            range(scope) + [
                ("interval", .optionalString(interval)),
                (
                    "definition",
                    .string(
                        "Sessions that started in the range, per feature (the feature of a run's first call); percentiles by nearest rank, each the cost of an actual run."
                    )
                ),
                (
                    "groups",
                    .array(
                        rows.map { row in
                            .fields([
                                ("feature", .optionalString(row.feature)),
                                ("period", row.period.map { .string($0.rfc3339) }),
                                ("sessions", .int(row.sessions)),
                                ("total_cost_usd", .usd(row.totalCost)),
                                ("mean_cost_usd", .usd(row.mean)),
                                ("p50_cost_usd", .usd(row.p50)),
                                ("p90_cost_usd", .usd(row.p90)),
                                ("p99_cost_usd", .usd(row.p99)),
                                ("max_cost_usd", .usd(row.maximum)),
                            ])
                        })
                ),
            ])
    }

    static func steps(_ rows: [StepCost], scope: AnalyticsScope) -> JSONValue {
        .fields(
            range(scope) + [
                (
                    "steps",
                    .array(
                        rows.map { row in
                            .fields([
                                ("step", .optionalString(row.step)),
                                ("calls", .int(row.calls)),
                                ("sessions", .int(row.sessions)),
                                ("cost_usd", .usd(row.cost)),
                                ("cost_per_call_usd", .usd(row.costPerCall)),
                                ("max_call_cost_usd", .usd(row.maximumCallCost)),
                            ])
                        })
                )
            ])
    }
}
