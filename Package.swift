// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// For libraries whose public API names only what they import `public`ly: an `import` is
/// internal unless marked, so a client sees no module it did not ask for. BurnrateStore and
/// BurnrateServer would need a `public import` in 28 files each; the executable and the test
/// targets have no clients.
let internalImports: [SwiftSetting] = upcoming + [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "burnrate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "burnrate", targets: ["burnrate"]),
        .library(name: "BurnrateCore", targets: ["BurnrateCore"]),
        .library(name: "BurnrateCatalog", targets: ["BurnrateCatalog"]),
        .library(name: "BurnrateStore", targets: ["BurnrateStore"]),
        .library(name: "BurnrateServer", targets: ["BurnrateServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        .target(
            name: "BurnrateCore",
            swiftSettings: internalImports
        ),
        .target(
            name: "BurnrateCatalog",
            dependencies: ["BurnrateCore"],
            resources: [.copy("Resources/catalog.json"), .copy("Resources/gpu-rates.json")],
            swiftSettings: internalImports
        ),
        .target(
            name: "BurnrateStore",
            dependencies: [
                "BurnrateCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // For ConnectionPoolError, which PostgresClient throws unmapped (docs/architecture.md).
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "BurnrateServer",
            dependencies: [
                "BurnrateCore",
                "BurnrateCatalog",
                "BurnrateStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "burnrate",
            dependencies: [
                "BurnrateCore",
                "BurnrateCatalog",
                "BurnrateStore",
                "BurnrateServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming,
            // A release binary without its DWARF debug information: 55 MB instead of 142 MB. The
            // symbol table stays, so a crash's backtrace still names its functions.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--strip-debug"], .when(configuration: .release))]
        ),
        .target(
            name: "BurnrateTestSupport",
            path: "Tests/Support",
            swiftSettings: internalImports
        ),
        .testTarget(
            name: "BurnrateCoreTests",
            dependencies: ["BurnrateCore", "BurnrateCatalog", "BurnrateTestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "BurnrateStoreTests",
            dependencies: [
                "BurnrateCore", "BurnrateStore", "BurnrateTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "BurnrateServerTests",
            dependencies: [
                "BurnrateCore",
                "BurnrateCatalog",
                "BurnrateStore",
                "BurnrateServer",
                "BurnrateTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
    ]
)
