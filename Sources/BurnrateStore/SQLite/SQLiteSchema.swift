import GRDB

/// The SQLite schema, as an ordered list of migrations.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator { migrator(reporting: nil) }

    /// The migrations, with `report` told of the progress of the long ones.
    static func migrator(reporting report: MigrationProgress.Report?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        id TEXT NOT NULL UNIQUE,
                        ts INTEGER NOT NULL,
                        provider TEXT NOT NULL,
                        model TEXT NOT NULL,
                        input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        cache_read_tokens INTEGER NOT NULL,
                        cache_write_tokens INTEGER NOT NULL,
                        cache_write_1h_tokens INTEGER NOT NULL,
                        reasoning_tokens INTEGER NOT NULL,
                        batch INTEGER NOT NULL,
                        service_tier TEXT,
                        latency_ms INTEGER,
                        status TEXT NOT NULL,
                        tenant TEXT,
                        user_id TEXT,
                        feature TEXT,
                        team TEXT,
                        environment TEXT,
                        tags TEXT,
                        prompt_hash TEXT,
                        gpu_seconds REAL,
                        price_id TEXT,
                        tier TEXT,
                        long_context INTEGER NOT NULL DEFAULT 0,
                        cost_input INTEGER NOT NULL,
                        cost_cache_read INTEGER NOT NULL,
                        cost_cache_write INTEGER NOT NULL,
                        cost_output INTEGER NOT NULL,
                        cost_total INTEGER NOT NULL,
                        ingested_at INTEGER NOT NULL
                    );
                    -- Aggregates read the rollups; raw events are read by time range (the partial hours of
                    -- a range, user and tag filters, repricing), so time is the one secondary index.
                    CREATE INDEX events_ts ON events(ts);
                    CREATE INDEX events_unpriced_ts ON events(ts) WHERE price_id IS NULL;

                    CREATE TABLE rollup_hourly (
                        bucket INTEGER NOT NULL,
                        provider TEXT NOT NULL,
                        model TEXT NOT NULL,
                        tenant TEXT NOT NULL,
                        feature TEXT NOT NULL,
                        team TEXT NOT NULL,
                        environment TEXT NOT NULL,
                        status TEXT NOT NULL,
                        priced INTEGER NOT NULL,
                        requests INTEGER NOT NULL,
                        input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        cache_read_tokens INTEGER NOT NULL,
                        cache_write_tokens INTEGER NOT NULL,
                        cache_write_1h_tokens INTEGER NOT NULL,
                        reasoning_tokens INTEGER NOT NULL,
                        cost_input INTEGER NOT NULL,
                        cost_cache_read INTEGER NOT NULL,
                        cost_cache_write INTEGER NOT NULL,
                        cost_output INTEGER NOT NULL,
                        cost_total INTEGER NOT NULL,
                        PRIMARY KEY (bucket, provider, model, tenant, feature, team, environment, status, priced)
                    ) WITHOUT ROWID;

                    CREATE TABLE price_overrides (
                        provider TEXT NOT NULL,
                        model TEXT NOT NULL,
                        effective_from TEXT NOT NULL,
                        document TEXT NOT NULL,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (provider, model, effective_from)
                    );

                    CREATE TABLE reprice_runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        only_unpriced INTEGER NOT NULL,
                        range_from INTEGER,
                        range_to INTEGER,
                        events_examined INTEGER NOT NULL,
                        events_changed INTEGER NOT NULL,
                        newly_priced INTEGER NOT NULL,
                        old_total INTEGER NOT NULL,
                        new_total INTEGER NOT NULL
                    );

                    CREATE TABLE reprice_changes (
                        run_id INTEGER NOT NULL REFERENCES reprice_runs(id),
                        event_id TEXT NOT NULL,
                        old_price_id TEXT,
                        new_price_id TEXT,
                        old_total INTEGER NOT NULL,
                        new_total INTEGER NOT NULL
                    );
                    CREATE INDEX reprice_changes_run ON reprice_changes(run_id);
                    """)
        }
        migrator.registerMigration("v2-replicas") { db in
            try db.execute(
                sql: """
                    ALTER TABLE price_overrides ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                    UPDATE price_overrides SET revision = rowid;

                    -- When each background job last started, so that it runs once per interval.
                    CREATE TABLE job_runs (
                        job TEXT PRIMARY KEY,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER
                    );

                    -- How far a `burnrate migrate` from each source got, for resuming.
                    CREATE TABLE transfer_checkpoints (
                        source TEXT PRIMARY KEY,
                        last_event_id TEXT NOT NULL,
                        events_copied INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-aggregates") { db in
            // Rollups at several grains and dimension sets replace the one hourly rollup of every
            // dimension; `v11-compact-events` fills them.
            try db.execute(sql: "DROP TABLE rollup_hourly")
            try db.execute(sql: RollupSchema.create(.sqlite))
        }
        migrator.registerMigration("v3-cost-items") { db in
            try db.execute(
                sql: """
                    -- Non-token costs: money in nano-dollars, instants in microseconds; a NULL period_end
                    -- is a monthly item that runs until deleted.
                    CREATE TABLE cost_items (
                        id TEXT PRIMARY KEY,
                        category TEXT NOT NULL,
                        service TEXT NOT NULL,
                        resource TEXT,
                        provider TEXT,
                        amount INTEGER NOT NULL,
                        billed_cost INTEGER,
                        period_start INTEGER NOT NULL,
                        period_end INTEGER,
                        recurrence TEXT NOT NULL,
                        tenant TEXT,
                        user_id TEXT,
                        feature TEXT,
                        team TEXT,
                        environment TEXT,
                        tags TEXT,
                        allocate_by TEXT,
                        allocation_basis TEXT,
                        source TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX cost_items_period_start ON cost_items(period_start);
                    """)
        }
        migrator.registerMigration("v4-provider-charges") { db in
            try db.execute(
                sql: """
                    -- What providers billed, from their exports and invoices; days are counted since 1970-01-01,
                    -- the period is [period_start, period_end), and an empty model covers every model.
                    CREATE TABLE provider_charges (
                        provider TEXT NOT NULL,
                        model TEXT NOT NULL,
                        period_start INTEGER NOT NULL,
                        period_end INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        import_id TEXT NOT NULL,
                        amount INTEGER,
                        input_tokens INTEGER,
                        output_tokens INTEGER,
                        cache_read_tokens INTEGER,
                        cache_write_tokens INTEGER,
                        cache_write_1h_tokens INTEGER,
                        requests INTEGER,
                        imported_at INTEGER NOT NULL,
                        PRIMARY KEY (provider, model, period_start, period_end, source)
                    );
                    CREATE INDEX provider_charges_import ON provider_charges(import_id);
                    CREATE INDEX provider_charges_start ON provider_charges(period_start);
                    """)
        }
        migrator.registerMigration("v5-budgets-alerts") { db in
            try db.execute(
                sql: """
                    -- Money in nano-dollars, instants in microseconds; the scope's filters and the thresholds
                    -- are JSON.
                    CREATE TABLE budgets (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        period TEXT NOT NULL,
                        amount_nanos INTEGER NOT NULL,
                        thresholds TEXT NOT NULL,
                        forecast_percent INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );

                    -- Figures, labels and history are JSON. The partial unique index keeps one open alert per
                    -- rule and key, whichever process writes it.
                    CREATE TABLE alerts (
                        id TEXT PRIMARY KEY,
                        rule TEXT NOT NULL,
                        key TEXT NOT NULL,
                        state TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        figures TEXT NOT NULL,
                        labels TEXT NOT NULL,
                        link TEXT NOT NULL,
                        started_at INTEGER NOT NULL,
                        fired_at INTEGER,
                        last_seen_at INTEGER NOT NULL,
                        resolved_at INTEGER,
                        acknowledged_at INTEGER,
                        acknowledged_by TEXT,
                        history TEXT NOT NULL
                    );
                    CREATE INDEX alerts_state ON alerts(state);
                    CREATE INDEX alerts_started_at ON alerts(started_at DESC);
                    CREATE UNIQUE INDEX alerts_open_rule_key ON alerts(rule, key) WHERE state <> 'resolved';

                    CREATE TABLE notification_deliveries (
                        id TEXT PRIMARY KEY,
                        alert_id TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        event TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        attempt INTEGER NOT NULL,
                        succeeded INTEGER NOT NULL,
                        status_code INTEGER,
                        error TEXT,
                        at INTEGER NOT NULL,
                        duration_ms INTEGER NOT NULL
                    );
                    CREATE INDEX notification_deliveries_at ON notification_deliveries(at DESC);
                    CREATE INDEX notification_deliveries_alert ON notification_deliveries(alert_id);
                    """)
        }
        migrator.registerMigration("v6-original-input-tokens") { db in
            // The prompt's input tokens before the client compressed it, when reported.
            try db.execute(sql: "ALTER TABLE events ADD COLUMN original_input_tokens INTEGER")
        }
        migrator.registerMigration("v7-budget-enforce") { db in
            // What the proxy does once a budget is spent: off, soft (warn) or hard (refuse).
            try db.execute(sql: "ALTER TABLE budgets ADD COLUMN enforce TEXT NOT NULL DEFAULT 'off'")
        }
        // v8 and v9 added rollups that `v11-compact-events` replaced; their names stay so that
        // databases that applied them are recognised.
        migrator.registerMigration("v8-user-rollups") { _ in }
        migrator.registerMigration("v9-user-detail-rollups") { _ in }
        migrator.registerMigration("v10-tag-rollups") { db in
            try db.execute(sql: RollupSchema.create(.sqlite, tagged: true))
        }
        migrator.registerMigration("v11-compact-events") { db in
            try CompactEvents.migrate(db, reporting: report)
        }
        migrator.registerMigration("v12-unbilled-rates") { db in
            try CompactEvents.addUnbilled(db)
        }
        migrator.registerMigration("v14-sessions") { db in
            try CompactEvents.addRunColumns(db)
        }
        migrator.registerMigration("v15-outcomes") { db in
            try db.execute(
                sql: """
                    -- Business outcomes of agent sessions: value in nano-dollars, instants in microseconds.
                    CREATE TABLE outcomes (
                        id TEXT PRIMARY KEY,
                        session_id TEXT NOT NULL,
                        type TEXT NOT NULL,
                        success INTEGER NOT NULL,
                        value INTEGER,
                        ts INTEGER NOT NULL,
                        recorded_at INTEGER NOT NULL
                    );
                    CREATE INDEX outcomes_ts ON outcomes(ts, id);
                    CREATE INDEX outcomes_session ON outcomes(session_id, ts);
                    """)
        }
        migrator.registerMigration("v16-budget-per") { db in
            // Whether a budget's amount limits each period's spend or each session's.
            try db.execute(sql: "ALTER TABLE budgets ADD COLUMN per TEXT NOT NULL DEFAULT 'period'")
        }
        migrator.registerMigration("v17-user-weeks") { db in
            // Users by week (see `Rollup.usersByWeek`), summed from their days.
            for statement in RollupSchema.addUserWeeks { try db.execute(sql: statement) }
        }
        return migrator
    }
}
