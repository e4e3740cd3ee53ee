/// One line of inert, measured text: the only kind of text the console draws.
///
/// Values come from ``Sanitizer`` (for untrusted strings) or from string literals (for our own
/// labels, via `StaticString`, which still pass through the sanitiser to be measured). Every
/// operation returns another `DisplayLine`, so no operation can reintroduce control characters.
public struct DisplayLine: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The clusters in display order.
    public let clusters: [DisplayCluster]
    /// Total terminal columns: the sum of the clusters' widths.
    public let width: Int

    init(clusters: [DisplayCluster]) {
        self.clusters = clusters
        self.width = clusters.reduce(0) { $0 + $1.width }
    }

    /// Builds a line from a trusted literal (our own labels); the literal is sanitised and measured
    /// like any other text, and line breaks in it become `⏎`.
    public init(_ literal: StaticString) {
        self = Sanitizer.line(literal.description)
    }

    /// Allows `let label: DisplayLine = "Name"` for literals only (no interpolation).
    public init(stringLiteral value: StaticString) {
        self.init(value)
    }

    /// The line with no clusters.
    public static let empty = DisplayLine(clusters: [])

    /// `count` spaces.
    public static func spaces(_ count: Int) -> DisplayLine {
        DisplayLine(clusters: Array(repeating: .space, count: max(0, count)))
    }

    /// The text as a plain string (safe to print: it holds no control or format characters).
    public var string: String { clusters.map(\.text).joined() }

    /// Same as ``string``.
    public var description: String { string }

    /// Whether the line has no clusters.
    public var isEmpty: Bool { clusters.isEmpty }

    /// The two lines one after the other.
    public static func + (lhs: DisplayLine, rhs: DisplayLine) -> DisplayLine {
        DisplayLine(clusters: lhs.clusters + rhs.clusters)
    }

    /// Appends `rhs` to `lhs`.
    public static func += (lhs: inout DisplayLine, rhs: DisplayLine) {
        lhs = lhs + rhs
    }

    /// The line repeated `count` times (nothing when `count` is not positive).
    public func repeated(_ count: Int) -> DisplayLine {
        guard count > 0 else { return .empty }
        return DisplayLine(clusters: Array([[DisplayCluster]](repeating: clusters, count: count).joined()))
    }
}

extension Sequence where Element == DisplayLine {
    /// The lines concatenated with `separator` between neighbours.
    public func joined(separator: DisplayLine = .empty) -> DisplayLine {
        var result: [DisplayCluster] = []
        for (index, line) in enumerated() {
            if index > 0 { result += separator.clusters }
            result += line.clusters
        }
        return DisplayLine(clusters: result)
    }
}
