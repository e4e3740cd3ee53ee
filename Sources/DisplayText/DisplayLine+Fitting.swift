extension DisplayLine {
    /// The line cut to at most `width` columns. When it is cut, the result ends with `…` and is
    /// exactly `width` columns: a wide character that would straddle the edge is replaced by
    /// padding, never split. Lines that already fit are returned unchanged.
    public func truncated(toWidth width: Int) -> DisplayLine {
        guard self.width > width else { return self }
        guard width > 0 else { return .empty }
        var kept: [DisplayCluster] = []
        var used = 0
        for cluster in clusters {
            if used + cluster.width > width - 1 { break }
            kept.append(cluster)
            used += cluster.width
        }
        kept.append(.ellipsis)
        used += 1
        kept += Array(repeating: .space, count: width - used)
        return DisplayLine(clusters: kept)
    }

    /// The line made exactly `width` columns: truncated with `…` when longer, padded with trailing
    /// spaces when shorter.
    public func padded(toWidth width: Int) -> DisplayLine {
        let fitted = truncated(toWidth: width)
        return fitted + .spaces(width - fitted.width)
    }

    /// The columns `[column, column + width)` of the line. A wide character cut by either edge is
    /// replaced by a space for its visible half, so the result never exceeds `width` columns and
    /// the remaining text stays at the same columns (used for horizontal scrolling).
    public func window(fromColumn column: Int, width: Int) -> DisplayLine {
        guard width > 0 else { return .empty }
        let end = column + width
        var kept: [DisplayCluster] = []
        var start = 0
        for cluster in clusters {
            let stop = start + cluster.width
            defer { start = stop }
            if stop <= column { continue }
            if start >= end { break }
            if start >= column && stop <= end {
                kept.append(cluster)
            } else {
                kept += Array(repeating: .space, count: min(stop, end) - max(start, column))
            }
        }
        return DisplayLine(clusters: kept)
    }

    /// The line word-wrapped to `width` columns: breaks at spaces, drops spaces at the breaks, and
    /// hard-breaks words longer than a line. Always returns at least one line. A wide character
    /// that cannot fit at all (when `width` is 1) is shown as `…`.
    public func wrapped(toWidth width: Int) -> [DisplayLine] {
        let width = max(1, width)
        var lines: [DisplayLine] = []
        var current: [DisplayCluster] = []
        var currentWidth = 0
        var pendingSpaces: [DisplayCluster] = []

        func flush() {
            lines.append(DisplayLine(clusters: current))
            current = []
            currentWidth = 0
        }

        for word in words() {
            if word.allSatisfy({ $0 == .space }) {
                pendingSpaces = current.isEmpty ? [] : word
                continue
            }
            let wordWidth = word.reduce(0) { $0 + $1.width }
            if !current.isEmpty && currentWidth + pendingSpaces.count + wordWidth > width {
                flush()
                pendingSpaces = []
            }
            current += pendingSpaces
            currentWidth += pendingSpaces.count
            pendingSpaces = []
            for cluster in word {
                let cluster = cluster.width > width ? DisplayCluster.ellipsis : cluster
                if currentWidth + cluster.width > width { flush() }
                current.append(cluster)
                currentWidth += cluster.width
            }
        }
        if !current.isEmpty || lines.isEmpty { flush() }
        return lines
    }

    /// Runs of spaces and runs of non-spaces, in order.
    private func words() -> [[DisplayCluster]] {
        var runs: [[DisplayCluster]] = []
        for cluster in clusters {
            if let last = runs.last?.last, (last == .space) == (cluster == .space) {
                runs[runs.count - 1].append(cluster)
            } else {
                runs.append([cluster])
            }
        }
        return runs
    }
}
