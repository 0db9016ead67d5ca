// swift-tools-version:5.9
//
// The Swift package of the Anytype SDK: an idiomatic layer over the UniFFI bindings of the Rust
// core (`libanytype_ffi`). The generated files (`Sources/AnytypeFFI/AnytypeFFI.h`,
// `Sources/AnytypeFFI/module.modulemap`, `Sources/Anytype/Generated/Anytype.swift`) are build
// output: run `./generate.sh` (or `./test.sh`) first. See README.md.

import PackageDescription

let package = Package(
    name: "Anytype",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "Anytype", targets: ["Anytype"]),
    ],
    targets: [
        // The C interface of the Rust library; its module map links `anytype_ffi`.
        .systemLibrary(name: "AnytypeFFI", path: "Sources/AnytypeFFI"),
        // The generated bindings (Generated/) plus the hand-written Swift layer.
        .target(name: "Anytype", dependencies: ["AnytypeFFI"], path: "Sources/Anytype"),
        .testTarget(name: "AnytypeTests", dependencies: ["Anytype"], path: "Tests/AnytypeTests"),
    ],
    // The generated code and the tests are written for the Swift 5 language mode (they compile
    // with Swift 6 compilers in that mode); see README.md, "Swift 6 language mode".
    swiftLanguageVersions: [.v5]
)
