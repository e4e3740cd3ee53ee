/// What a typed search looks for, decided without touching the store: a lead by its number,
/// a short text scanned in names, emails and phones, or texts looked up in the search index
/// (a phone typed with separators also as its digits and as matching normalises it). The
/// store only carries it out, on either engine.
public enum SearchPlan: Sendable, Equatable {
    /// Nothing typed (or only white space): the search selects every lead.
    case everything
    /// `#42` or `:42`: lead 42 alone.
    case lead(Int64)
    /// Fewer than three characters, below the trigram index: a scan of names, emails and
    /// phones. `nameSpellings` is the text in every mix of cases of its letters, and each ASCII
    /// letter a case gives in either case ("ı" is "I", which is "i" too), sorted: SQLite's LIKE
    /// ignores case for ASCII only and PostgreSQL's minds it, and both find the same leads
    /// (SearchParityTests). `lowered` is the text lowercased, as emails and phones are stored.
    case contacts(nameSpellings: [String], lowered: String)
    /// Three characters or more: leads whose text or transcripts hold any of these.
    case anyOf([String])

    /// The plan for `typed`, white space around it ignored; a phone is normalised as
    /// `normalizer` (the store's matching) does it.
    public init(_ typed: String?, normalizer: ContactNormalizer) {
        let search = typed?.trimmingWhitespace ?? ""
        if let id = Self.leadNumber(search) {
            self = .lead(id)
        } else if search.isEmpty {
            self = .everything
        } else if search.count < 3 {
            var spellings: Set<String> = [""]
            for character in search {
                let forms = Set([character.lowercased(), character.uppercased()].flatMap(Self.asciiCaseSpellings))
                spellings = Set(spellings.flatMap { prefix in forms.map { prefix + $0 } })
            }
            self = .contacts(nameSpellings: spellings.sorted(), lowered: search.lowercased())
        } else {
            self = .anyOf(Self.terms(search, normalizer: normalizer))
        }
    }

    /// `text` in every mix of cases of its ASCII letters ("Ss": "ss", "sS", "Ss", "SS").
    private static func asciiCaseSpellings(_ text: String) -> [String] {
        text.reduce([""]) { spellings, character in
            let forms =
                character.isASCII && character.isLetter
                ? [character.lowercased(), character.uppercased()] : [String(character)]
            return spellings.flatMap { prefix in forms.map { prefix + $0 } }
        }
    }

    /// The lead number a search names with `#42` or `:42`, if it is one.
    public static func leadNumber(_ search: String) -> Int64? {
        guard let first = search.first, first == "#" || first == ":" else { return nil }
        let digits = search.dropFirst()
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int64(digits)
    }

    /// The part of `term` a trigram index is best asked for, the whole term being tested on
    /// each row it finds: the longest run of at least five ASCII digits (the first of the
    /// longest), when `term` holds more than it; nil otherwise (ask for the whole term). Every
    /// text holding the term holds the run, so the rows are the same; but the run's trigrams are
    /// rare where the words' are in a large share of the rows ("visitor", "доставка заказа"),
    /// and a GIN index walks every posting list of the trigrams it is asked for. Shorter runs
    /// (a year, a house number) are common in texts, and are not taken alone.
    public static func indexedPart(of term: String) -> String? {
        var longest = Substring()
        var rest = Substring(term)
        while let start = rest.firstIndex(where: \.isASCIIDigit) {
            let run = rest[start...].prefix(while: \.isASCIIDigit)
            if run.count > longest.count { longest = run }
            rest = rest[run.endIndex...]
        }
        return longest.count >= 5 && longest.count < term.count ? String(longest) : nil
    }

    /// The texts a search of three characters or more looks for (any of them): the text, or a
    /// phone's digits, or the phone as `normalizer` normalises it.
    static func terms(_ search: String, normalizer: ContactNormalizer) -> [String] {
        // A phone typed with separators ("+7 916 123-45-67") also finds its bare digits. When the
        // digits stand together in the query ("+79161234567"), any text holding the query holds
        // them too, so they are searched alone: digit trigrams are common in a large store, and
        // each phrase over them costs a walk through long posting lists. A query with anything
        // but digits and a phone's separators ("Maria Garcia 500") is not a phone: its digits
        // alone would find every lead whose phone or text holds them. A phone in a national
        // format ("8 (903) 946-82-00", "(646) 938-0741") also finds the number matching takes it
        // for: the index holds each phone's normalised form too.
        let digits = search.filter(\.isASCIIDigit)
        let phoneLike = search.allSatisfy { $0.isASCIIDigit || " +-().".contains($0) }
        if digits.count < 3 || !phoneLike { return [search] }
        var terms = search.contains(digits) ? [digits] : [search, digits]
        if let normalized = normalizer.phone(search)?.filter(\.isASCIIDigit), !normalized.contains(digits) {
            terms.append(normalized)
        }
        return terms
    }
}
