/// A log line assembled as UTF-8 bytes and made a `String` once: the same text as string
/// interpolation of its parts, for far fewer instructions on the event-loop thread, which logs
/// every request.
struct LogLine {
    private var bytes: [UInt8] = []

    /// An empty line with room for a typical request's.
    init() {
        bytes.reserveCapacity(160)
    }

    /// Appends `text` as it is.
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends the first `limit` characters of `text`, as `text.prefix(limit)` gives them.
    mutating func append(_ text: String, prefix limit: Int) {
        // A text of at most `limit` UTF-8 bytes has at most `limit` characters.
        if text.utf8.count <= limit {
            bytes.append(contentsOf: text.utf8)
        } else {
            bytes.append(contentsOf: text.prefix(limit).utf8)
        }
    }

    /// Appends `number` in decimal, as its `description` writes it.
    mutating func append(_ number: Int64) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var end = buffer.count
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[end...]))
        }
    }

    /// Appends `number` in decimal, as its `description` writes it.
    mutating func append(_ number: Int) {
        append(Int64(number))
    }

    /// The line.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
