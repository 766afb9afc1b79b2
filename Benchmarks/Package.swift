// swift-tools-version: 6.1
import PackageDescription

// A path dependency's package identity is the name of its folder, which is not fixed (the
// repository may be cloned under any name), so it is read from where this package sits.
let burnrate = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "burnrate")

// Benchmarks for Burnrate, kept in their own package so that the main package does not depend on
// package-benchmark. Run from the repository root with:
//
//     swift package --package-path Benchmarks benchmark
//
// See docs/benchmarks.md.
let package = Package(
    name: "BurnrateBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // package-benchmark: the MallocInterposer trait alone (not its default traits) is what
        // resolves with the packages available here.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // For the raw SQLite baseline.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // For the proxy floor.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "Ledger",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BurnrateCore", package: burnrate),
                .product(name: "BurnrateStore", package: burnrate),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Benchmarks/Ledger",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // The 10-million-event scale benchmark, a plain executable (see docs/benchmarks.md):
        //
        //     swift run -c release --package-path Benchmarks Scale --backend sqlite --database /tmp/scale.sqlite
        .executableTarget(
            name: "Scale",
            dependencies: [
                .product(name: "BurnrateCore", package: burnrate),
                .product(name: "BurnrateCatalog", package: burnrate),
                .product(name: "BurnrateStore", package: burnrate),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Scale"
        ),
        // The least a proxy hop costs in SwiftNIO, measured next to Burnrate's proxy by
        // scripts/bench-proxy.sh:
        //
        //     swift build -c release --package-path Benchmarks --product ProxyFloor
        .executableTarget(
            name: "ProxyFloor",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "ProxyFloor"
        ),
    ]
)
