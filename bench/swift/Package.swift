// swift-tools-version:5.9
//
// Swift benchmarks: the Anytype SDK (bindings/swift) against URLSession + JSONDecoder, on one
// running sandbox. Build and run through ./run.sh (it generates the bindings and passes the link
// flags for libanytype_ffi); see README.md.

import PackageDescription

let package = Package(
    name: "AnytypeSwiftBench",
    platforms: [.macOS(.v12)],
    dependencies: [
        // anytype-sdk -> ../../bindings/swift: a path dependency's identity is its directory name, and
        // "swift" (bindings/swift) would clash with this package's own (bench/swift).
        .package(path: "anytype-sdk"),
    ],
    targets: [
        .executableTarget(
            name: "anytype-swift-bench",
            dependencies: [.product(name: "Anytype", package: "anytype-sdk")],
            path: "Sources/AnytypeSwiftBench"
        ),
    ],
    swiftLanguageVersions: [.v5]
)
