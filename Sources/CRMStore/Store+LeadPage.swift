/// The signing key of lead page links, kept in the store.
extension Store {
    /// The key that signs lead page links, created (32 random bytes) on first use.
    public func leadPageKey() throws -> [UInt8] {
        if let key = try existingLeadPageKey() { return key }
        return try database.write {
            if let key = try existingLeadPageKey() { return key }
            let key = Crypto.randomKey()
            try setSetting("lead_page_key", Crypto.hex(key))
            return key
        }
    }

    /// The page key if one was made; nil before the first link was issued (no link can be valid).
    public func existingLeadPageKey() throws -> [UInt8]? {
        try setting("lead_page_key").flatMap { Crypto.bytes(hex: $0) }
    }

    /// The lead a lead page link this store signed names (`…/lead/ID/EXPIRY/SIGNATURE` at the
    /// end of `link`, under any address, expired or not); nil for any other link.
    func leadID(fromPageLink link: String) throws -> Int64? {
        let trimmed = link.trimmingWhitespace
        guard let start = trimmed.ranges(of: LeadPageLink.prefix).last, let key = try existingLeadPageKey()
        else { return nil }
        return LeadPageLink.signed(path: String(trimmed[start.lowerBound...]), key: key)?.leadID
    }

    /// The page link of lead `id` issued now under ``CRMSettings/publicURL``; nil when no public
    /// address is set.
    public func leadPageURL(_ id: Int64) throws -> String? {
        let base = settings.publicURL
        guard !base.isEmpty else { return nil }
        let trimmed: String
        if let kept = leadPageBase, kept.publicURL == base {
            trimmed = kept.trimmed
        } else {
            trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            leadPageBase = (base, trimmed)
        }
        let signer = try leadPageKeys.signer { try leadPageKey() }
        return LeadPageLink.issued(leadID: id, now: clock()).url(base: trimmed, signedBy: signer)
    }
}
