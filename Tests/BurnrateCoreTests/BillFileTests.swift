import BurnrateCore
import Testing

/// Reading provider bills: each format, the numbers exports write, and every kind of bad row.
@Suite struct BillFileTests {
    /// OpenAI's Cost export grouped by line item, in the dashboard's column order; amounts with
    /// sixteen decimals as the dashboard writes them, a day without spend left empty.
    static let openAICosts = """
        start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,line_item,project_id,organization_id,organization_name
        1759622400,1759708800,2025-10-05T00:00:00+00:00,2025-10-06T00:00:00+00:00,0.8958740000000000,usd,"gpt-4o-2024-08-06, input",proj_a,org-1,Personal
        1759622400,1759708800,2025-10-05T00:00:00+00:00,2025-10-06T00:00:00+00:00,0.1000000005000000,usd,"gpt-4o-2024-08-06, output",proj_a,org-1,Personal
        1759622400,1759708800,2025-10-05T00:00:00+00:00,2025-10-06T00:00:00+00:00,0.02,usd,"gpt-4o-2024-08-06, cached input",proj_b,org-1,Personal
        1759622400,1759708800,2025-10-05T00:00:00+00:00,2025-10-06T00:00:00+00:00,1.5e-02,usd,web search tool calls,proj_a,org-1,Personal
        1759708800,1759795200,2025-10-06T00:00:00+00:00,2025-10-07T00:00:00+00:00,,,,,,
        1759795200,1759881600,2025-10-07T00:00:00+00:00,2025-10-08T00:00:00+00:00,0.569788,usd,"priority | gpt-5-mini-2025-08-07, output",proj_a,org-1,Personal
        """

    /// OpenAI's Activity export: counts written as floats, `input_tokens` including cached ones.
    static let openAIUsage = """
        start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens
        1759622400,1759708800,2025-10-05T00:00:00+00:00,2025-10-06T00:00:00+00:00,proj_a,10.0,user-1,key_1,gpt-4o-2024-08-06,FALSE,default,59200.0,10646.0,5760.0,53440.0
        1759622400,1759708800,2025-10-05T00:00:00+00:00,2025-10-06T00:00:00+00:00,proj_b,2.0,user-1,key_2,gpt-4o-2024-08-06,FALSE,default,800.0,100.0,0.0,800.0
        1759881600,1759968000,2025-10-08T00:00:00+00:00,2025-10-09T00:00:00+00:00,,,,,,,,,,,
        """

    /// The Claude Console cost export: models by display name, one row per token type.
    static let anthropicCosts = """
        usage_date_utc,model,workspace,api_key,usage_type,context_window,token_type,cost_usd,list_price_usd,cost_type,inference_geo,speed,api_key_id,api_key_status
        2026-08-04,Claude Haiku 4.5,Default,demo-key,message,≤ 200k,input_no_cache,0.05,0.05,token,not_available,,apikey_01AAA,active
        2026-08-04,Claude Haiku 4.5,Default,demo-key,message,≤ 200k,output,0.02,0.02,token,not_available,,apikey_01AAA,active
        2026-08-05,Claude Sonnet 4.5,Default,demo-key,message,≤ 200k,input_cache_read,0.10,1.00,token,not_available,,apikey_01AAA,active
        2026-08-05,,Default,demo-key,,,,0.25,0.25,web_search,not_available,,apikey_01AAA,active
        """

    /// The Claude Console usage export: input split into uncached, cache writes and cache reads.
    static let anthropicUsage = """
        usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens,web_search_count,inference_geo,speed
        2026-08-04,claude-sonnet-4-5-20250929,demo-key,Default,message,0-200k,1000,200,50,4000,700,0,not_available,
        2026-08-04 13:00,claude-sonnet-4-5-20250929,demo-key,Default,message,0-200k,10,0,0,0,5,0,not_available,
        """

    static func parse(_ text: String) throws -> BillFile.Parsed {
        try BillFile.parse(Array(text.utf8))
    }

    static func issues(_ text: String) -> [FieldIssue] {
        do {
            _ = try BillFile.parse(Array(text.utf8))
            return []
        } catch {
            guard case .invalid(let issues) = error else { return [] }
            return issues
        }
    }

    static let october5 = UTCDay("2025-10-05")!

    @Test func readsOpenAICostsAddingLineItemsPerModelAndDay() throws {
        let bill = try Self.parse(Self.openAICosts)
        #expect(bill.source == .openaiCosts)
        let gpt4o = try #require(bill.charges.first { $0.model == "gpt-4o-2024-08-06" })
        // 0.895874 + 0.1000000005 (rounded half up to 0.100000001) + 0.02
        #expect(gpt4o.amount == Money(nanos: 1_015_874_001))
        #expect(gpt4o.period == ChargePeriod(day: Self.october5))
        #expect(gpt4o.tokens == nil)
        #expect(gpt4o.provider == "openai")
        let search = try #require(bill.charges.first { $0.model == "web search tool calls" })
        #expect(search.amount == Money(nanos: 15_000_000))
        let priority = try #require(bill.charges.first { $0.model == "gpt-5-mini-2025-08-07" })
        #expect(priority.amount == Money(nanos: 569_788_000))
        #expect(priority.period.start == UTCDay("2025-10-07"))
        #expect(bill.charges.count == 3)
        #expect(bill.charges.allSatisfy { $0.importID == bill.importID && $0.source == .openaiCosts })
    }

    @Test func readsOpenAIUsageAsTokensWithoutMoney() throws {
        let bill = try Self.parse(Self.openAIUsage)
        #expect(bill.source == .openaiUsage)
        #expect(bill.charges.count == 1)
        let charge = bill.charges[0]
        #expect(charge.amount == nil)
        #expect(charge.requests == 12)
        #expect(charge.tokens == TokenUsage(inputTokens: 60_000, outputTokens: 10_746, cacheReadTokens: 5_760))
    }

    @Test func readsAnthropicCostsByModelIDAndKeepsNonTokenLines() throws {
        let bill = try Self.parse(Self.anthropicCosts)
        #expect(bill.source == .anthropicCosts)
        let models = bill.charges.map { "\($0.period.start) \($0.model ?? "-") \($0.amount?.usdString ?? "-")" }
        #expect(
            models == [
                "2026-08-04 claude-haiku-4-5 0.070000000", "2026-08-05 claude-sonnet-4-5 0.100000000", "2026-08-05 web_search 0.250000000",
            ])
    }

    @Test func readsAMinimalAnthropicCostExportAsWholeDays() throws {
        let bill = try Self.parse("usage_date_utc,cost_usd\n2026-08-01,0.25\n2026-08-01,0.75\n")
        #expect(bill.source == .anthropicCosts)
        #expect(bill.charges.map(\.model) == [nil])
        #expect(bill.charges.map(\.amount) == [Money(dollars: 1)])
    }

    @Test func readsAnthropicUsageAddingCachedTokensBackToInput() throws {
        let bill = try Self.parse(Self.anthropicUsage)
        #expect(bill.source == .anthropicUsage)
        #expect(bill.charges.count == 1)
        #expect(
            bill.charges[0].tokens
                == TokenUsage(inputTokens: 5_260, outputTokens: 705, cacheReadTokens: 4_000, cacheWriteTokens: 250, cacheWrite1hTokens: 50))
        #expect(bill.charges[0].model == "claude-sonnet-4-5-20250929")
    }

    @Test func readsTheDailyAndInvoiceFormats() throws {
        let daily = try Self.parse(
            """
            date,provider,model,cost_usd,input_tokens,output_tokens,cache_read_tokens
            2026-03-01,OpenAI,gpt-4o,12.50,1000000,100000,200000
            2026-03-01,anthropic,,3,,,
            """)
        #expect(daily.source == .daily)
        #expect(daily.charges.count == 2)
        #expect(daily.charges[0].provider == "anthropic" && daily.charges[0].model == nil && daily.charges[0].tokens == nil)
        #expect(daily.charges[1].tokens == TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 200_000))
        #expect(daily.charges[1].amount == Money(dollars: 12) + Money(nanos: 500_000_000))

        let invoice = try Self.parse("period_start,period_end,provider,amount_usd\n2026-03-01,2026-04-01,openai,1234.56\n")
        #expect(invoice.source == .invoice)
        let charge = try #require(invoice.charges.first)
        #expect(charge.period.days.count == 31)
        #expect(charge.isPeriodTotal)
        #expect(charge.amount == Money(nanos: 1_234_560_000_000))
    }

    @Test func theSameFileGivesTheSameImportID() throws {
        #expect(try Self.parse(Self.openAICosts).importID == Self.parse(Self.openAICosts).importID)
        #expect(try Self.parse(Self.openAICosts).importID != Self.parse(Self.openAIUsage).importID)
    }

    @Test(
        arguments: [
            ("date,provider,model,cost_usd\n2026-02-30,openai,gpt-4o,1\n", 2, "date"),
            ("date,provider,model,cost_usd\n2026-03-01,,gpt-4o,1\n", 2, "provider"),
            ("date,provider,model,cost_usd\n2026-03-01,openai,gpt-4o,12,5\n", 2, nil),
            ("date,provider,model,cost_usd\n2026-03-01,openai,gpt-4o,1\n2026-03-02,openai,gpt-4o,$3\n", 3, "cost_usd"),
            ("date,provider,model,cost_usd,input_tokens\n2026-03-01,openai,gpt-4o,1,12.5\n", 2, "input_tokens"),
            ("date,provider,model,cost_usd,input_tokens,cache_read_tokens\n2026-03-01,openai,gpt-4o,1,10,20\n", 2, "cache_read_tokens"),
            ("period_start,period_end,provider,amount_usd\n2026-04-01,2026-03-01,openai,5\n", 2, "period_end"),
            ("period_start,period_end,provider,amount_usd\n2026-03-01,2026-04-01,openai,\n", 2, "amount_usd"),
            (
                "start_time_iso,end_time_iso,amount_value,amount_currency,line_item\n2025-10-05T00:00:00Z,2025-10-06T00:00:00Z,1,eur,gpt-4o\n",
                2,
                "amount_currency"
            ),
            (
                "start_time_iso,end_time_iso,amount_value,amount_currency,line_item\n2025-10-05T01:00:00Z,2025-10-05T02:00:00Z,1,usd,gpt-4o\n",
                2,
                "start_time_iso"
            ),
            ("usage_date_utc,model,token_type,cost_usd\n08/04/2026,Claude Haiku 4.5,output,1\n", 2, "usage_date_utc"),
            (
                "start_time_iso,end_time_iso,model,num_model_requests,input_tokens,output_tokens,input_cached_tokens\n2025-10-05T00:00:00Z,2025-10-06T00:00:00Z,gpt-4o,1,10,1,20\n",
                2, "input_cached_tokens"
            ),
        ] as [(String, Int, String?)])
    func reportsEachBadRowWithItsLineAndColumn(_ text: String, _ line: Int, _ column: String?) {
        let issues = Self.issues(text)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.line == line)
        #expect(issues.first?.field == column)
    }

    /// Counts past the limit, Unix times past year 9999 and overflowing exponents are refused
    /// with the row and column; a count of ten billion tokens, which used to end the process on
    /// its way through the whole-number check, is read.
    @Test(
        arguments: [
            ("date,provider,model,cost_usd,input_tokens\n2026-03-01,openai,gpt-4o,1,9223372036854775807\n", "input_tokens"),
            ("date,provider,model,cost_usd,input_tokens\n2026-03-01,openai,gpt-4o,1,10000000000001\n", "input_tokens"),
            ("date,provider,model,cost_usd,input_tokens\n2026-03-01,openai,gpt-4o,1,1e399\n", "input_tokens"),
            ("date,provider,model,cost_usd\n2026-03-01,openai,gpt-4o,99999999999999999999\n", "cost_usd"),
            (
                "start_time,end_time,model,num_model_requests,input_tokens,output_tokens\n9223372036854775807,9223372036854775807,gpt-4o,1,1,1\n",
                "start_time"
            ),
            (
                "usage_date_utc,model_version,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens\n2026-08-04,claude-sonnet-4-5,9223372036854775807,9223372036854775807,1,1,1\n",
                "usage_input_tokens_no_cache"
            ),
        ] as [(String, String)])
    func extremeNumbersAreRefusedNotTrapped(_ text: String, _ column: String) {
        let issues = Self.issues(text)
        #expect(issues.first?.field == column, "\(issues)")
    }

    @Test func aCountOfTenBillionTokensIsRead() throws {
        let bill = try Self.parse("date,provider,model,cost_usd,input_tokens\n2026-03-01,openai,gpt-4o,1,10000000000\n")
        #expect(bill.charges.first?.tokens?.inputTokens == 10_000_000_000)
    }

    @Test func reportsEveryBadRowAtOnce() {
        let issues = Self.issues(
            """
            date,provider,model,cost_usd
            2026-03-01,openai,gpt-4o,1
            yesterday,openai,gpt-4o,x
            2026-03-03,openai,gpt-4o,2
            2026-03-04,,gpt-4o,2
            """)
        #expect(issues.map { "\($0.line ?? 0):\($0.field ?? "")" } == ["3:date", "3:cost_usd", "5:provider"])
    }

    @Test func rejectsUnknownHeadersAndEmptyBills() {
        #expect(throws: BillFile.Failure.unrecognized(columns: ["when", "what", "usd"])) {
            try BillFile.parse(Array("when,what,usd\n2026-03-01,x,1\n".utf8))
        }
        #expect(throws: BillFile.Failure.empty) { try BillFile.parse(Array("date,provider,model,cost_usd\n".utf8)) }
        #expect(throws: BillFile.Failure.empty) { try BillFile.parse([]) }
    }
}
