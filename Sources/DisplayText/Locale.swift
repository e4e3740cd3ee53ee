import Glibc

/// Why the process could not switch to a UTF-8 character locale.
public struct LocaleError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case noUTF8Locale(tried: [String])
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// None of the locales `tried`, in order, could be activated as a UTF-8 character locale.
    static func noUTF8Locale(tried: [String]) -> LocaleError { LocaleError(.noUTF8Locale(tried: tried)) }

    /// The locale names that were tried, in order.
    public var tried: [String] {
        switch reason {
        case .noUTF8Locale(let tried): tried
        }
    }

    /// What went wrong and what to do about it.
    public var description: String {
        switch reason {
        case .noUTF8Locale(let tried):
            "No UTF-8 character locale could be activated (tried \(tried.joined(separator: ", "))); "
                + "install one (for example the C.UTF-8 locale from libc) or set LANG=C.UTF-8, "
                + "otherwise display widths of non-ASCII text cannot be measured."
        }
    }
}

/// The outcome of the one-time locale setup; a global `let` is initialised exactly once, thread-safely.
private let localeOutcome: Result<Void, LocaleError> = {
    let candidates = ["", "C.UTF-8", "C.utf8", "en_US.UTF-8"]
    for name in candidates where setlocale(LC_CTYPE, name) != nil && activeCodesetIsUTF8() {
        return .success(())
    }
    return .failure(.noUTF8Locale(tried: candidates.map { $0.isEmpty ? "the environment's locale" : $0 }))
}()

private func activeCodesetIsUTF8() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
}

/// Selects a UTF-8 `LC_CTYPE` once per process: the environment's locale (`setlocale(LC_CTYPE, "")`)
/// when it is UTF-8, otherwise `C.UTF-8`. Later calls return the first outcome without touching the
/// locale again. The sanitiser calls this itself before measuring; call it early (before `initscr`)
/// so the terminal library sees the same locale.
public func configureLocale() throws(LocaleError) {
    try localeOutcome.get()
}
