// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "jivocrm",
    products: [
        .executable(name: "jivocrm", targets: ["jivocrm"])
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CNCurses", path: "Sources/CNCurses",
            providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(
            name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .target(
            name: "JivoProtocol", swiftSettings: strict, linkerSettings: [.linkedLibrary("m")]),
        .target(name: "CRMCore", dependencies: ["JivoProtocol"], swiftSettings: strict),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"], swiftSettings: strict),
        .target(
            name: "CRMStore",
            dependencies: ["CSQLite", "CCrypto", "CRMCore", "JivoProtocol", "Locking", "PostgresClient"],
            swiftSettings: strict),
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .systemLibrary(name: "CThread", path: "Sources/CThread"),
        .target(name: "Locking", dependencies: ["CThread"], swiftSettings: strict),
        .systemLibrary(name: "CSpawn", path: "Sources/CSpawn"),
        .target(name: "Subprocess", dependencies: ["CSpawn", "Locking"], swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: ["CEpoll", "Locking"], swiftSettings: strict),
        .target(
            name: "Listener",
            dependencies: ["HTTPServer", "CRMStore", "CRMCore", "JivoProtocol", "Locking"],
            swiftSettings: strict),
        .target(name: "DisplayText", swiftSettings: strict),
        .target(
            name: "Console",
            dependencies: [
                "CNCurses", "DisplayText", "CRMStore", "CRMCore", "JivoProtocol", "Locking",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "jivocrm",
            dependencies: [
                "Console", "Listener", "HTTPServer", "CRMStore", "CRMCore", "JivoProtocol",
                "DisplayText", "Locking", "Subprocess",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "jivocrm-bench",
            dependencies: ["Console", "CRMStore", "CRMCore", "HTTPServer", "JivoProtocol"],
            swiftSettings: strict),
        .target(
            name: "TestSupport", dependencies: ["JivoProtocol", "HTTPServer", "Subprocess"],
            path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(
            name: "JivoProtocolTests", dependencies: ["JivoProtocol", "TestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "CRMCoreTests", dependencies: ["CRMCore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "CRMStore", "PostgresClient", "HTTPServer", "JivoProtocol", "Locking", "Subprocess", "TestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "CRMStoreTests", dependencies: ["CRMStore", "CRMCore", "Subprocess", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "Locking", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "ListenerTests",
            dependencies: ["Listener", "HTTPServer", "CRMStore", "Locking", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DisplayTextTests", dependencies: ["DisplayText", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "ConsoleTests",
            dependencies: ["Console", "DisplayText", "CRMStore", "Subprocess", "TestSupport"],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "FaultTests",
            dependencies: [
                "TestSupport", "JivoProtocol", "HTTPServer", "Locking", "Listener", "Console", "CRMStore",
                "Subprocess",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "SubprocessTests", dependencies: ["Subprocess", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests", dependencies: ["TestSupport", "JivoProtocol", "Subprocess"],
            swiftSettings: strict),
    ]
)
