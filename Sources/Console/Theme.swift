/// A terminal colour; `terminalDefault` keeps the terminal's own foreground or background.
public enum TerminalColor: Int16, Sendable, Hashable {
    /// The terminal's own colour (`use_default_colors`).
    case terminalDefault = -1
    /// ANSI black.
    case black = 0
    /// ANSI red.
    case red
    /// ANSI green.
    case green
    /// ANSI yellow.
    case yellow
    /// ANSI blue.
    case blue
    /// ANSI magenta.
    case magenta
    /// ANSI cyan.
    case cyan
    /// ANSI white.
    case white
}

/// Character attributes a terminal can show.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    /// The attribute bits.
    public let rawValue: UInt8
    /// Makes an attribute set from bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold (or bright).
    public static let bold = TextAttributes(rawValue: 1 << 0)
    /// Dim.
    public static let dim = TextAttributes(rawValue: 1 << 1)
    /// Reverse video.
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    /// Underline.
    public static let underline = TextAttributes(rawValue: 1 << 3)
}

/// How one ``Style`` looks: colours plus attributes.
public struct Appearance: Sendable, Hashable {
    /// Foreground colour.
    public var foreground: TerminalColor
    /// Background colour.
    public var background: TerminalColor
    /// Attributes.
    public var attributes: TextAttributes

    /// An appearance; colours default to the terminal's own.
    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
        attributes: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// The single place where semantic ``Style`` roles become colours and attributes.
public struct Theme: Sendable {
    /// Whether the theme uses colours (otherwise only bold, reverse and underline).
    public let usesColor: Bool

    /// Colours on the terminal's default background.
    public static let color = Theme(usesColor: true)
    /// For `NO_COLOR` and terminals without colours: bold, reverse and underline only.
    public static let monochrome = Theme(usesColor: false)

    /// The appearance of `style` in this theme.
    public func appearance(for style: Style) -> Appearance {
        usesColor ? Self.colored(style) : Self.plain(style)
    }

    private static func colored(_ style: Style) -> Appearance {
        switch style {
        case .normal: Appearance()
        case .dim: Appearance(attributes: .dim)
        case .title: Appearance(foreground: .cyan, attributes: .bold)
        case .header: Appearance(attributes: [.bold, .underline])
        case .selected: Appearance(foreground: .black, background: .cyan)
        case .focusedBorder: Appearance(foreground: .cyan, attributes: .bold)
        case .unfocusedBorder: Appearance(attributes: .dim)
        case .statusBar: Appearance(foreground: .black, background: .white)
        case .key: Appearance(foreground: .blue, background: .white, attributes: .bold)
        case .input: Appearance(attributes: .underline)
        case .warning: Appearance(foreground: .yellow, attributes: .bold)
        case .error: Appearance(foreground: .red, attributes: .bold)
        case .marker: Appearance(foreground: .magenta, attributes: .bold)
        }
    }

    private static func plain(_ style: Style) -> Appearance {
        switch style {
        case .normal, .dim, .unfocusedBorder: Appearance()
        case .title, .focusedBorder, .warning, .marker: Appearance(attributes: .bold)
        case .header, .input: Appearance(attributes: .underline)
        case .selected, .statusBar: Appearance(attributes: .reverse)
        case .key, .error: Appearance(attributes: [.reverse, .bold])
        }
    }
}

extension Theme {
    /// The theme for a terminal: monochrome when `NO_COLOR` is set to a non-empty value
    /// (https://no-color.org) or the terminal has fewer than 8 colours, otherwise colour.
    public static func forTerminal(noColor: String?, colorCount: Int) -> Theme {
        if let noColor, !noColor.isEmpty { return .monochrome }
        return colorCount >= 8 ? .color : .monochrome
    }
}
