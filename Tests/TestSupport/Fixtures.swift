import Foundation
import JivoProtocol

/// Webhook bodies kept under `Tests/JivoProtocolTests/Fixtures`.
public enum Fixtures {
    /// The fixtures directory.
    public static let directory: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("JivoProtocolTests/Fixtures").path
    }()

    /// The bytes of fixture `name` (without `.json`).
    public static func bytes(_ name: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(name).json") else {
            fatalError("missing fixture \(name).json in \(directory)")
        }
        return Array(data)
    }

    /// Fixture `name` as a JSON object.
    public static func object(_ name: String) -> JSONObject {
        guard case .object(let object)? = try? JSONParser.parse(bytes(name)) else {
            fatalError("fixture \(name).json is not a JSON object")
        }
        return object
    }

    /// Every fixture's name.
    public static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }
}

extension JSONObject {
    /// A copy with `value` at the dotted `path` (`visitor.phone`); nil removes it.
    public func setting(_ path: String, _ value: JSONValue?) -> JSONObject {
        var copy = self
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 1 {
            copy[parts[0]] = value
        } else {
            let inner = copy[parts[0]]?.objectValue ?? JSONObject()
            copy[parts[0]] = .object(inner.setting(parts[1], value))
        }
        return copy
    }

    /// The object's compact JSON bytes.
    public var bytes: [UInt8] { JSONValue.object(self).serializedBytes() }
}
