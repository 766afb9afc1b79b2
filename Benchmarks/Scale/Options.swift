import BurnrateCore

/// The command line of the `Scale` tool.
struct Options {
    enum Backend: String { case sqlite, postgres }

    var backend: Backend = .sqlite
    var database = ""
    var events = 10_000_000
    var batch = 10_000
    var csvPath: String?
    var jsonPath: String?
    var runs = 30
    var warmup = 3
    /// Seconds of timed runs per query: a slow query stops early (after at least 3 runs).
    var budget = 60.0
    var seed: UInt64 = 42
    /// Query an already loaded database instead of loading one (it must hold the same events).
    var skipIngest = false
    /// The end of the synthetic history: not hour-aligned, so that a range ending here has a
    /// partial hour that is read from raw events, as a dashboard's "until now" does.
    var end = Timestamp(rfc3339: "2026-11-23T10:47:13Z")!

    static let usage = """
        usage: Scale --backend sqlite|postgres --database PATH_OR_URL [--events N] [--batch N]
                     [--csv ROWS.csv] [--json REPORT.json] [--runs N] [--warmup N] [--budget S] [--seed N]
                     [--end RFC3339] [--skip-ingest]

        Loads N deterministic synthetic events (default 10,000,000) spread over the year before
        --end (default 2026-11-23T10:47:13Z) into a fresh Burnrate store in batches of --batch
        (default 10,000), then times summary, breakdown and timeseries queries: --warmup untimed
        runs (default 3), then up to --runs timed runs (default 30), fewer (at least 3) once a
        query's runs took --budget seconds (default 60). --csv writes the priced rows it
        ingested, with the 31 columns of the events table, for scripts/scale_baseline.py.
        --json writes the figures.
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw ScaleError("\(flag) needs a value\n\n\(usage)") }
            return next
        }
        func number(_ flag: String) throws -> Int {
            let text = try value(flag).replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")
            guard let number = Int(text), number > 0 else { throw ScaleError("\(flag) needs a positive number") }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--backend":
                let name = try value(flag)
                guard let backend = Backend(rawValue: name) else { throw ScaleError("unknown backend \(name)\n\n\(usage)") }
                options.backend = backend
            case "--database": options.database = try value(flag)
            case "--events": options.events = try number(flag)
            case "--batch": options.batch = try number(flag)
            case "--csv": options.csvPath = try value(flag)
            case "--json": options.jsonPath = try value(flag)
            case "--runs": options.runs = try number(flag)
            case "--warmup": options.warmup = try Int(value(flag)) ?? 0
            case "--budget": options.budget = Double(try number(flag))
            case "--seed": options.seed = UInt64(try number(flag))
            case "--skip-ingest": options.skipIngest = true
            case "--end":
                let text = try value(flag)
                guard let end = Timestamp(rfc3339: text) else { throw ScaleError("--end: not an RFC 3339 time: \(text)") }
                options.end = end
            case "-h", "--help":
                print(usage)
                throw ExitSilently()
            default:
                throw ScaleError("unknown argument \(flag)\n\n\(usage)")
            }
        }
        guard !options.database.isEmpty else { throw ScaleError("--database is required\n\n\(usage)") }
        return options
    }
}

struct ExitSilently: Error {}
