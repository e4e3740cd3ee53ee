import Foundation
import JivoProtocol

/// Webhook bodies stored under `Fixtures/` beside this file.
enum Fixture {
    /// Why a fixture could not be read.
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name) is missing or unreadable" }
    }

    private static let directory: String = {
        var path = #filePath
        while let last = path.last, last != "/" { path.removeLast() }
        return path + "Fixtures/"
    }()

    /// The bytes of `Fixtures/<name>.json`.
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: directory + name + ".json") else {
            throw Missing(name: name)
        }
        return [UInt8](data)
    }

    /// The fixture decoded as an event.
    static func event(_ name: String) throws -> WebhookEvent {
        try WebhookEvent.decode(body: bytes(name))
    }

    /// The fixture parsed as a JSON object.
    static func object(_ name: String) throws -> JSONObject {
        let value = try JSONParser.parse(bytes(name))
        guard let object = value.objectValue else { throw Missing(name: name) }
        return object
    }
}
