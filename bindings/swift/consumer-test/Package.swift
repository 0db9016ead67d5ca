// swift-tools-version:5.9
// Package.swift of your app: MyApp/ next to anytype-swift/, the code in MyApp/Sources/MyApp/
import PackageDescription

let package = Package(
    name: "MyApp",
    platforms: [.macOS(.v12)],
    dependencies: [.package(path: "../anytype-swift")],
    targets: [
        .executableTarget(name: "MyApp", dependencies: [.product(name: "Anytype", package: "anytype-swift")]),
    ]
)
