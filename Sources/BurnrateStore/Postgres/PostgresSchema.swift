/// The PostgreSQL schema, as an ordered list of migrations applied once each.
///
/// Events are partitioned by month on `ts` (microseconds since 1970); partitions are created as
/// events arrive and dropped whole by retention. A partitioned table cannot hold a unique index
/// on `id` alone, so `event_ids` is what makes ingest idempotent.
enum PostgresSchema {
    static let migrations: [(name: String, sql: String)] = [
        (
            "v1-ledger",
            """
            CREATE TABLE events (
                id text NOT NULL,
                ts bigint NOT NULL,
                provider text NOT NULL,
                model text NOT NULL,
                input_tokens bigint NOT NULL,
                output_tokens bigint NOT NULL,
                cache_read_tokens bigint NOT NULL,
                cache_write_tokens bigint NOT NULL,
                cache_write_1h_tokens bigint NOT NULL,
                reasoning_tokens bigint NOT NULL,
                batch boolean NOT NULL,
                service_tier text,
                latency_ms bigint,
                status text NOT NULL,
                tenant text,
                user_id text,
                feature text,
                team text,
                environment text,
                tags jsonb,
                prompt_hash text,
                gpu_seconds double precision,
                price_id text,
                tier text,
                long_context boolean NOT NULL DEFAULT false,
                cost_input bigint NOT NULL,
                cost_cache_read bigint NOT NULL,
                cost_cache_write bigint NOT NULL,
                cost_output bigint NOT NULL,
                cost_total bigint NOT NULL,
                ingested_at bigint NOT NULL
            ) PARTITION BY RANGE (ts);
            CREATE INDEX events_ts ON events (ts);
            CREATE INDEX events_unpriced_ts ON events (ts) WHERE price_id IS NULL;

            CREATE TABLE event_ids (
                id text PRIMARY KEY,
                ts bigint NOT NULL
            );

            CREATE TABLE rollup_hourly (
                bucket bigint NOT NULL,
                provider text NOT NULL,
                model text NOT NULL,
                tenant text NOT NULL,
                feature text NOT NULL,
                team text NOT NULL,
                environment text NOT NULL,
                status text NOT NULL,
                priced smallint NOT NULL,
                requests bigint NOT NULL,
                input_tokens bigint NOT NULL,
                output_tokens bigint NOT NULL,
                cache_read_tokens bigint NOT NULL,
                cache_write_tokens bigint NOT NULL,
                cache_write_1h_tokens bigint NOT NULL,
                reasoning_tokens bigint NOT NULL,
                cost_input bigint NOT NULL,
                cost_cache_read bigint NOT NULL,
                cost_cache_write bigint NOT NULL,
                cost_output bigint NOT NULL,
                cost_total bigint NOT NULL,
                PRIMARY KEY (bucket, provider, model, tenant, feature, team, environment, status, priced)
            );

            CREATE TABLE price_overrides (
                provider text NOT NULL,
                model text NOT NULL,
                effective_from text NOT NULL,
                document text NOT NULL,
                updated_at bigint NOT NULL,
                revision bigint NOT NULL,
                PRIMARY KEY (provider, model, effective_from)
            );

            CREATE TABLE reprice_runs (
                id bigserial PRIMARY KEY,
                at bigint NOT NULL,
                reason text NOT NULL,
                only_unpriced boolean NOT NULL,
                range_from bigint,
                range_to bigint,
                events_examined bigint NOT NULL,
                events_changed bigint NOT NULL,
                newly_priced bigint NOT NULL,
                old_total bigint NOT NULL,
                new_total bigint NOT NULL
            );

            CREATE TABLE reprice_changes (
                run_id bigint NOT NULL REFERENCES reprice_runs (id),
                event_id text NOT NULL,
                old_price_id text,
                new_price_id text,
                old_total bigint NOT NULL,
                new_total bigint NOT NULL
            );
            CREATE INDEX reprice_changes_run ON reprice_changes (run_id);

            CREATE TABLE job_runs (
                job text PRIMARY KEY,
                started_at bigint NOT NULL,
                finished_at bigint
            );

            CREATE TABLE transfer_checkpoints (
                source text PRIMARY KEY,
                last_event_id text NOT NULL,
                events_copied bigint NOT NULL,
                updated_at bigint NOT NULL
            );
            """
        ),
        (
            "v3-aggregates",
            // Rollups at several grains and dimension sets replace the one hourly rollup of every
            // dimension; `v11-lean-rollups` fills them.
            ["DROP TABLE rollup_hourly", RollupSchema.create(.postgres)].joined(separator: ";\n")
        ),
        (
            "v3-cost-items",
            """
            CREATE TABLE cost_items (
                id text PRIMARY KEY,
                category text NOT NULL,
                service text NOT NULL,
                resource text,
                provider text,
                amount bigint NOT NULL,
                billed_cost bigint,
                period_start bigint NOT NULL,
                period_end bigint,
                recurrence text NOT NULL,
                tenant text,
                user_id text,
                feature text,
                team text,
                environment text,
                tags jsonb,
                allocate_by text,
                allocation_basis text,
                source text NOT NULL,
                created_at bigint NOT NULL
            );
            CREATE INDEX cost_items_period_start ON cost_items (period_start);
            """
        ),
        (
            "v4-provider-charges",
            """
            CREATE TABLE provider_charges (
                provider text NOT NULL,
                model text NOT NULL,
                period_start bigint NOT NULL,
                period_end bigint NOT NULL,
                source text NOT NULL,
                import_id text NOT NULL,
                amount bigint,
                input_tokens bigint,
                output_tokens bigint,
                cache_read_tokens bigint,
                cache_write_tokens bigint,
                cache_write_1h_tokens bigint,
                requests bigint,
                imported_at bigint NOT NULL,
                PRIMARY KEY (provider, model, period_start, period_end, source)
            );
            CREATE INDEX provider_charges_import ON provider_charges (import_id);
            CREATE INDEX provider_charges_start ON provider_charges (period_start)
            """
        ),
        (
            "v5-budgets-alerts",
            // The partial unique index keeps one open alert per rule and key across every replica.
            """
            CREATE TABLE budgets (
                id text PRIMARY KEY,
                name text NOT NULL,
                scope text NOT NULL,
                period text NOT NULL,
                amount_nanos bigint NOT NULL,
                thresholds text NOT NULL,
                forecast_percent bigint NOT NULL,
                source text NOT NULL,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL
            );
            CREATE TABLE alerts (
                id text PRIMARY KEY,
                rule text NOT NULL,
                key text NOT NULL,
                state text NOT NULL,
                severity text NOT NULL,
                summary text NOT NULL,
                figures text NOT NULL,
                labels text NOT NULL,
                link text NOT NULL,
                started_at bigint NOT NULL,
                fired_at bigint,
                last_seen_at bigint NOT NULL,
                resolved_at bigint,
                acknowledged_at bigint,
                acknowledged_by text,
                history text NOT NULL
            );
            CREATE INDEX alerts_state ON alerts (state);
            CREATE INDEX alerts_started_at ON alerts (started_at DESC);
            CREATE UNIQUE INDEX alerts_open_rule_key ON alerts (rule, key) WHERE state <> 'resolved';
            CREATE TABLE notification_deliveries (
                id text PRIMARY KEY,
                alert_id text NOT NULL,
                rule text NOT NULL,
                event text NOT NULL,
                channel text NOT NULL,
                kind text NOT NULL,
                attempt bigint NOT NULL,
                succeeded boolean NOT NULL,
                status_code bigint,
                error text,
                at bigint NOT NULL,
                duration_ms bigint NOT NULL
            );
            CREATE INDEX notification_deliveries_at ON notification_deliveries (at DESC);
            CREATE INDEX notification_deliveries_alert ON notification_deliveries (alert_id)
            """
        ),
        (
            "v6-original-input-tokens",
            // The prompt's input tokens before the client compressed it, when reported.
            "ALTER TABLE events ADD COLUMN original_input_tokens bigint"
        ),
        (
            "v7-budget-enforce",
            // What the proxy does once a budget is spent: off, soft (warn) or hard (refuse).
            "ALTER TABLE budgets ADD COLUMN enforce text NOT NULL DEFAULT 'off'"
        ),
        // v8 and v9 added rollups that `v11-lean-rollups` replaced; their names stay recorded in
        // databases that applied them.
        ("v8-user-rollups", ""),
        ("v9-user-detail-rollups", ""),
        ("v10-tag-rollups", RollupSchema.create(.postgres, tagged: true)),
        (
            "v11-lean-rollups",
            // Rollups whose size does not grow with the number of users (see `Rollup.all`), rebuilt
            // from the events; tenant and user questions read the events through these indexes.
            (RollupSchema.tables.map { "DELETE FROM \($0)" } + RollupSchema.build(.postgres, Rollup.all) + [
                "CREATE INDEX events_tenant_ts ON events (tenant, ts)",
                "CREATE INDEX events_user_tenant_ts ON events (user_id, tenant, ts)",
            ]).joined(separator: ";\n")
        ),
        (
            "v12-unbilled-rates",
            // What a partially priced event used that its price has no rate for (see `UnbilledRates`);
            // such events are listed and repriced with the unpriced ones.
            """
            ALTER TABLE events ADD COLUMN unbilled text;
            DROP INDEX events_unpriced_ts;
            CREATE INDEX events_unpriced_ts ON events (ts) WHERE price_id IS NULL OR unbilled IS NOT NULL
            """
        ),
        // Dictionary-encoded events (see `PostgresCompactEvents`), moved and checked in place.
        ("v13-compact-events", PostgresCompactEvents.migration.joined(separator: ";\n")),
        // Calls grouped into agent runs: the run columns and the `sessions` table.
        ("v14-sessions", PostgresCompactEvents.addRunColumns.joined(separator: ";\n")),
        (
            "v15-outcomes",
            // Business outcomes of agent sessions: value in nano-dollars, instants in microseconds;
            // ids order byte by byte, as the listing reads them.
            """
            CREATE TABLE outcomes (
                id text PRIMARY KEY,
                session_id text NOT NULL,
                type text NOT NULL,
                success boolean NOT NULL,
                value bigint,
                ts bigint NOT NULL,
                recorded_at bigint NOT NULL
            );
            CREATE INDEX outcomes_ts ON outcomes (ts, id COLLATE "C");
            CREATE INDEX outcomes_session ON outcomes (session_id COLLATE "C", ts, id COLLATE "C")
            """
        ),
        (
            "v16-budget-per",
            // Whether a budget's amount limits each period's spend or each session's.
            "ALTER TABLE budgets ADD COLUMN per text NOT NULL DEFAULT 'period'"
        ),
        // Users by week (see `Rollup.usersByWeek`), summed from their days.
        ("v17-user-weeks", RollupSchema.addUserWeeks.joined(separator: ";\n")),
    ]
}
