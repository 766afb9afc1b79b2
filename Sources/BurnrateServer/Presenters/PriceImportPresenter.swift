import BurnrateCore

/// The JSON of a price import: counts, then each added or changed model with its fields.
enum PriceImportPresenter {
    /// Skipped models listed in full up to this many; the count is always complete.
    static let listedSkips = 200

    static func json(_ plan: PriceImportPlan, skipped: [LiteLLMPriceMap.Skipped], format: PriceFileFormat, dryRun: Bool) -> JSONValue {
        .fields([
            ("format", .string(format.rawValue)),
            ("dry_run", .bool(dryRun)),
            ("added", .int(plan.added)),
            ("changed", .int(plan.changed)),
            ("unchanged", .int(plan.unchanged)),
            ("skipped", .int(skipped.count)),
            (
                "models",
                .array(
                    plan.changes.map { change in
                        .fields([
                            ("provider", .string(change.entry.provider)),
                            ("model", .string(change.entry.model)),
                            ("change", .string(change.isNew ? "added" : "changed")),
                            ("effective_from", .string(CalendarDate.string(from: change.entry.effectiveFrom))),
                            ("replaces", change.replaces.map(JSONValue.string)),
                            (
                                "fields",
                                .array(
                                    change.fields.map { field in
                                        .fields([
                                            ("field", .string(field.field)),
                                            ("old", field.old.map(JSONValue.string) ?? .null),
                                            ("new", field.new.map(JSONValue.string) ?? .null),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            (
                "skipped_models",
                .array(skipped.prefix(listedSkips).map { .fields([("key", .string($0.key)), ("reason", .string($0.reason))]) })
            ),
            ("note", .string(note(plan, dryRun: dryRun))),
        ])
    }

    static func note(_ plan: PriceImportPlan, dryRun: Bool) -> String {
        guard !plan.changes.isEmpty else { return "Every price in the file is already in effect; nothing to change." }
        if dryRun { return "Nothing was changed (dry run). Import without dry_run to store these \(plan.changes.count) prices." }
        return
            "Stored \(plan.changes.count) prices. New events use them at once; stored events keep their cost until repriced (POST /api/v1/reprice)."
    }
}
