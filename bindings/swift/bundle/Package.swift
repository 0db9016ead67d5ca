// swift-tools-version:5.9
//
// The Anytype SDK for Swift as a self-contained bundle, made by bindings/swift/bundle.sh:
//   Sources/AnytypeFFI/   the C header and module map of the Rust library (links `anytype_ffi`)
//   Sources/Anytype/      the generated Swift bindings plus the hand-written Swift layer
//   lib/                  the prebuilt libanytype_ffi (.so on Linux, .dylib on macOS)
// Use it as a path dependency; no Rust toolchain is needed, and SwiftPM never writes into it:
//   .package(path: "<dir>/anytype-swift")   // the package identity is the directory's name
//   .product(name: "Anytype", package: "anytype-swift")
// The library is found through lib/: `-L` for the linker and an rpath for the built executable.

import PackageDescription

/// This bundle's lib/ directory (absolute, so it works from whatever package depends on this one).
let libDir = Context.packageDirectory + "/lib"

let package = Package(
    name: "Anytype",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "Anytype", targets: ["Anytype"]),
    ],
    targets: [
        // The C interface of the Rust library; its module map links `anytype_ffi`.
        .systemLibrary(name: "AnytypeFFI", path: "Sources/AnytypeFFI"),
        .target(
            name: "Anytype",
            dependencies: ["AnytypeFFI"],
            path: "Sources/Anytype",
            linkerSettings: [
                .unsafeFlags(["-L\(libDir)", "-Xlinker", "-rpath", "-Xlinker", libDir]),
            ]
        ),
    ],
    swiftLanguageVersions: [.v5]
)
