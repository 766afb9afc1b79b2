/// The state of one comparison: Burnrate's figures indexed by provider, day and model, and the
/// rules that turn a billed cell into a row.
struct Comparison {
    let tolerance: Tolerance
    let catalog: PriceCatalog?
    /// Burnrate's figures per provider and day, by model key.
    let computed: [ProviderDay: [String: ComputedFigures]]

    init(tolerance: Tolerance, catalog: PriceCatalog?, computed usage: [ComputedUsage]) {
        self.tolerance = tolerance
        self.catalog = catalog
        var computed: [ProviderDay: [String: ComputedFigures]] = [:]
        for item in usage {
            let key = Self.modelKey(provider: item.provider, model: item.model, day: item.day, catalog: catalog)
            computed[ProviderDay(provider: item.provider, day: item.day), default: [:]][key, default: ComputedFigures()].add(item)
        }
        self.computed = computed
    }

    /// The name models are matched by: the catalog's model id for any alias or snapshot it knows,
    /// else the lower-cased name.
    func modelKey(provider: String, model: String, day: UTCDay) -> String {
        Self.modelKey(provider: provider, model: model, day: day, catalog: catalog)
    }

    static func modelKey(provider: String, model: String, day: UTCDay, catalog: PriceCatalog?) -> String {
        guard let catalog else { return model.lowercased() }
        switch catalog.lookup(provider: provider, model: model, at: day.start) {
        case .priced(let entry), .notYetPriced(firstEffective: let entry): return entry.model
        case .unknownModel: return model.lowercased()
        }
    }

    /// Burnrate's figures for a provider's day, every model together.
    func wholeDay(_ cell: ProviderDay) -> ComputedFigures {
        var sum = ComputedFigures()
        for figures in (computed[cell] ?? [:]).values { sum.add(figures) }
        return sum
    }

    // MARK: Daily rows

    func dailyRows(_ charges: [ProviderCharge]) -> [ReconciliationRow] {
        var billed: [ProviderDay: [String?: CellFigures]] = [:]
        var span: [String: (first: UTCDay, last: UTCDay)] = [:]
        for charge in charges {
            let day = charge.period.start
            let key = charge.model.map { modelKey(provider: charge.provider, model: $0, day: day) }
            billed[ProviderDay(provider: charge.provider, day: day), default: [:]][key, default: CellFigures()].add(charge)
            let current = span[charge.provider] ?? (day, day)
            span[charge.provider] = (min(current.first, day), max(current.last, day))
        }
        var rows: [ReconciliationRow] = []
        for provider in span.keys.sorted() {
            let (first, last) = span[provider]!
            for day in ChargePeriod(start: first, end: last.adding(days: 1)).days {
                rows += dayRows(ProviderDay(provider: provider, day: day), billed: billed)
            }
        }
        addSteadyRatios(to: &rows)
        return rows
    }

    /// The rows of one provider's day: the whole day when the bill gives one figure for it, and
    /// one row per model the bill or Burnrate names.
    private func dayRows(_ cell: ProviderDay, billed: [ProviderDay: [String?: CellFigures]]) -> [ReconciliationRow] {
        let cells = billed[cell] ?? [:]
        let models = computed[cell] ?? [:]
        var rows: [ReconciliationRow] = []
        if let whole = cells[nil] {
            rows.append(row(cell, model: nil, billed: whole, computed: wholeDay(cell), onBill: true, sameDay: billed))
        }
        var byModel: [String: CellFigures] = [:]
        for (key, figures) in cells { if let key { byModel[key] = figures } }
        let hasAmounts = cells.isEmpty || byModel.values.contains { $0.amount != nil }
        let hasTokens = byModel.values.contains { $0.tokens != nil }
        var keys = Set(byModel.keys)
        if cells[nil] == nil || hasTokens { keys.formUnion(models.keys) }
        for key in keys.sorted() {
            var figures = byModel[key] ?? CellFigures()
            if byModel[key] == nil {
                figures.amount = hasAmounts ? .zero : nil
                figures.tokens = hasTokens ? TokenUsage() : nil
            }
            rows.append(
                row(
                    cell, model: key, billed: figures, computed: models[key] ?? ComputedFigures(), onBill: byModel[key] != nil,
                    sameDay: billed))
        }
        return rows
    }

    private func row(
        _ cell: ProviderDay, model: String?, billed: CellFigures, computed: ComputedFigures, onBill: Bool,
        sameDay: [ProviderDay: [String?: CellFigures]]
    ) -> ReconciliationRow {
        var row = makeRow(
            provider: cell.provider, model: model, period: ChargePeriod(day: cell.day), isInvoice: false, billed: billed, computed: computed
        )
        guard row.flagged else { return row }
        if !onBill, computed.requests > 0 {
            row.causes.append(.notOnBill(billedModels: nearNames(of: model ?? "", computed: computed, cell: cell, billed: sameDay)))
        }
        row.causes += commonCauses(row, recordedUnder: model.map { recordedUnder(key: $0, cell: cell) } ?? [])
        if let priceCheck = priceCheck(row) { row.causes.append(priceCheck) }
        return row
    }

    /// The same model recorded that day under other providers, as `provider/model`.
    private func recordedUnder(key: String, cell: ProviderDay) -> [String] {
        computed.filter { $0.key.day == cell.day && $0.key.provider != cell.provider }
            .flatMap { day, models in (models[key]?.names ?? []).map { "\(day.provider)/\($0)" } }.sorted()
    }

    /// Models the bill lists that day that may be this one under another name: the same base name
    /// at the same provider, or the same model at another provider.
    private func nearNames(
        of key: String, computed: ComputedFigures, cell: ProviderDay, billed: [ProviderDay: [String?: CellFigures]]
    ) -> [String] {
        let bases = Set(computed.names.map { ModelName.stripSnapshot($0.lowercased()) } + [ModelName.stripSnapshot(key)])
        var names: [String] = []
        for (day, cells) in billed where day.day == cell.day {
            for (otherKey, figures) in cells {
                guard let otherKey else { continue }
                if day.provider == cell.provider {
                    names += figures.names.filter { bases.contains(ModelName.stripSnapshot($0)) && $0 != key }
                } else if otherKey == key {
                    names += figures.names.map { "\(day.provider)/\($0)" }
                }
            }
        }
        return names.sorted()
    }

    // MARK: Invoices

    /// An invoice total against Burnrate's sum over its period; flagged daily rows of the same
    /// provider (and model) inside the period are named as part of the explanation.
    func invoiceRow(_ charge: ProviderCharge, daily: [ReconciliationRow]) -> ReconciliationRow {
        var figures = ComputedFigures()
        var idleDays: [UTCDay] = []
        let key = charge.model.map { modelKey(provider: charge.provider, model: $0, day: charge.period.start) }
        for day in charge.period.days {
            let cell = ProviderDay(provider: charge.provider, day: day)
            let dayFigures = key.map { computed[cell]?[$0] ?? ComputedFigures() } ?? wholeDay(cell)
            if dayFigures.requests == 0 { idleDays.append(day) }
            figures.add(dayFigures)
        }
        var billed = CellFigures()
        billed.add(charge)
        var row = makeRow(provider: charge.provider, model: key, period: charge.period, isInvoice: true, billed: billed, computed: figures)
        guard row.flagged else { return row }
        if !idleDays.isEmpty, (row.difference ?? .zero) > .zero { row.causes.append(.daysWithoutEvents(idleDays)) }
        row.causes += commonCauses(row).filter { if case .noEventsRecorded = $0 { false } else { true } }
        let flaggedDays = daily.filter {
            $0.flagged && $0.provider == charge.provider && charge.period.contains($0.period.start) && (key == nil || $0.model == key)
        }
        if !flaggedDays.isEmpty {
            let drift = flaggedDays.reduce(Money.zero) { $0 + ($1.difference ?? .zero) }
            row.causes.append(.flaggedDays(rows: flaggedDays.count, difference: drift))
        }
        return row
    }

    // MARK: Rows and causes

    private func makeRow(
        provider: String, model: String?, period: ChargePeriod, isInvoice: Bool, billed: CellFigures, computed: ComputedFigures
    ) -> ReconciliationRow {
        var flagged = false
        if let amount = billed.amount {
            flagged = tolerance.flags(amount - computed.cost, billed: amount)
        } else if let tokens = billed.tokens {
            flagged = tolerance.exceeds(tokens.totalTokens - computed.tokens.totalTokens, of: tokens.totalTokens)
        }
        return ReconciliationRow(
            provider: provider, model: model, period: period, isInvoice: isInvoice, billedModels: billed.names.sorted(),
            computedModels: computed.names.sorted(), billed: billed.amount, computed: computed.cost, billedTokens: billed.tokens,
            computedTokens: computed.tokens, billedRequests: billed.requests, computedRequests: computed.requests,
            unpricedRequests: computed.unpricedRequests, flagged: flagged, causes: [])
    }

    /// Causes read from a row's own figures: no events, unpriced events, token and cache gaps.
    private func commonCauses(_ row: ReconciliationRow, recordedUnder: [String] = []) -> [LikelyCause] {
        var causes: [LikelyCause] = []
        let billedSomething = (row.billed ?? .zero) > .zero || (row.billedTokens?.totalTokens ?? 0) > 0
        if row.computedRequests == 0, billedSomething {
            causes.append(.noEventsRecorded(billedRequests: row.billedRequests, recordedUnder: recordedUnder))
        }
        let billIsHigher = row.difference.map { $0 > .zero } ?? true
        if row.unpricedRequests > 0, billIsHigher {
            causes.append(.unpricedEvents(requests: row.unpricedRequests, ofRequests: row.computedRequests))
        }
        if let billed = row.billedTokens, row.computedRequests > 0 {
            let recorded = row.computedTokens
            if tolerance.exceeds(billed.totalTokens - recorded.totalTokens, of: billed.totalTokens) {
                causes.append(
                    .tokenGap(
                        billedTokens: billed.totalTokens, computedTokens: recorded.totalTokens, billedRequests: row.billedRequests,
                        computedRequests: row.computedRequests))
            }
            // The cache split is compared as a share of input, so that missing traffic alone
            // (fewer tokens of every kind) is a token gap, not a cache one.
            func shareDiffers(_ billedPart: Int64, _ recordedPart: Int64) -> Bool {
                let expected =
                    recorded.inputTokens == 0
                    ? 0 : Int64(clamping: Int128(recordedPart) * Int128(billed.inputTokens) / Int128(recorded.inputTokens))
                return tolerance.exceeds(Int64(clamping: Int128(billedPart) - Int128(expected)), of: billed.inputTokens)
            }
            if shareDiffers(billed.cacheReadTokens, recorded.cacheReadTokens)
                || shareDiffers(billed.cacheWriteTokens, recorded.cacheWriteTokens)
            {
                causes.append(
                    .cacheAccounting(
                        billedCacheRead: billed.cacheReadTokens, computedCacheRead: recorded.cacheReadTokens,
                        billedCacheWrite: billed.cacheWriteTokens, computedCacheWrite: recorded.cacheWriteTokens))
            }
        }
        return causes
    }

    /// Prices the bill's own tokens at the rate Burnrate applied to its events (the catalog's
    /// price, times whatever batch or tier discount Burnrate's figure carries against it): when
    /// that differs from the billed amount, the provider charged another rate. Daily totals are
    /// priced without long-context rates, which apply per request.
    private func priceCheck(_ row: ReconciliationRow) -> LikelyCause? {
        guard let catalog, let model = row.model, let billed = row.billed, let tokens = row.billedTokens, tokens.totalTokens > 0,
            row.unpricedRequests == 0,
            case .priced(var entry) = catalog.lookup(provider: row.provider, model: model, at: row.period.start.start)
        else { return nil }
        entry.longContext = nil
        let billedAtList = CostCalculator.price(tokens, serviceTier: nil, batch: false, entry: entry).cost.total
        let computedAtList = CostCalculator.price(row.computedTokens, serviceTier: nil, batch: false, entry: entry).cost.total
        var expected = billedAtList
        if computedAtList > .zero, row.computed > .zero {
            expected = Money(clamping: Int128(billedAtList.nanos) * Int128(row.computed.nanos) / Int128(computedAtList.nanos))
        }
        guard tolerance.flags(billed - expected, billed: billed) else { return nil }
        return .priceDiffers(priceID: entry.id, billedTokensAtCatalogPrice: expected)
    }

    /// Adds a steady-ratio cause to a model's flagged days when, over three or more days, the bill
    /// is the same multiple of Burnrate's figure (within the tolerance) and that multiple is not 1.
    private func addSteadyRatios(to rows: inout [ReconciliationRow]) {
        var indexes: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() {
            guard let model = row.model, let billed = row.billed, billed > .zero, row.computed > .zero, row.unpricedRequests == 0
            else { continue }
            indexes["\(row.provider)\u{0}\(model)", default: []].append(index)
        }
        for members in indexes.values where members.count >= 3 {
            let ratios = members.map { Double(rows[$0].billed!.nanos) / Double(rows[$0].computed.nanos) }.sorted()
            let median = ratios[ratios.count / 2]
            let allowed = tolerance.percent / 100
            guard abs(median - 1) > allowed, ratios.allSatisfy({ abs($0 - median) <= allowed * median }) else { continue }
            for index in members where rows[index].flagged {
                rows[index].causes.append(.steadyRatio(ratio: median, days: members.count))
            }
        }
    }

    // MARK: Totals

    /// Per provider: the billed amounts of its daily rows, and Burnrate's cost (every model) on the
    /// days those rows cover.
    func totals(of rows: [ReconciliationRow]) -> [ReconciliationTotals] {
        var billedDays: [String: Set<UTCDay>] = [:]
        var totals: [String: ReconciliationTotals] = [:]
        for row in rows {
            var current =
                totals[row.provider]
                ?? ReconciliationTotals(provider: row.provider, billed: .zero, computed: .zero, days: 0, flaggedRows: 0)
            if row.flagged { current.flaggedRows += 1 }
            if let billed = row.billed {
                current.billed = current.billed + billed
                billedDays[row.provider, default: []].insert(row.period.start)
            }
            totals[row.provider] = current
        }
        for (provider, days) in billedDays {
            var computed = Money.zero
            for day in days { computed = computed + wholeDay(ProviderDay(provider: provider, day: day)).cost }
            totals[provider]?.computed = computed
            totals[provider]?.days = days.count
        }
        return totals.keys.sorted().map { totals[$0]! }
    }
}
