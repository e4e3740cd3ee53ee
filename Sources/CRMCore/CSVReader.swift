/// Reads comma- or semicolon-separated values (RFC 4180 quoting: fields in double quotes may
/// hold separators, newlines and doubled quotes), UTF-8 with or without a byte-order mark.
public enum CSVReader {
    /// One record of the file.
    public struct Record: Sendable, Equatable {
        /// The line of the file the record starts on (1-based).
        public var line: Int
        /// The fields, unquoted.
        public var fields: [String]

        /// A record.
        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// The separator a file uses: the one of `,` and `;` that occurs more often outside quotes
    /// on the first line (`,` when neither does).
    public static func separator(of bytes: some Collection<UInt8>) -> UInt8 {
        var commas = 0
        var semicolons = 0
        var quoted = false
        for byte in bytes {
            if byte == quote {
                quoted.toggle()
            } else if !quoted {
                if byte == newline || byte == carriageReturn { break }
                if byte == comma { commas += 1 }
                if byte == semicolon { semicolons += 1 }
            }
        }
        return semicolons > commas ? semicolon : comma
    }

    /// The records of `bytes`. Blank lines are skipped; the separator is detected unless given.
    /// Throws, naming the line, for a quote that is never closed, text after a closing quote,
    /// or bytes that are not UTF-8.
    public static func records(_ bytes: [UInt8], separator given: UInt8? = nil) throws(CRMError) -> [Record] {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let separator = given ?? self.separator(of: bytes[start...])
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = start
        var atFieldStart = true
        var recordHasContent = false

        func finishField() throws(CRMError) {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw CRMError.invalidArgument(
                    "line \(recordLine): the file is not UTF-8 text; save it as UTF-8 and import again")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }

        func finishRecord() throws(CRMError) {
            try finishField()
            if recordHasContent { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            atFieldStart = true
            recordHasContent = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote && atFieldStart {
                atFieldStart = false
                recordHasContent = true
                let opened = line
                index += 1
                while true {
                    guard index < bytes.count else {
                        throw CRMError.invalidArgument(
                            "line \(opened): a quoted field is never closed; add the closing \"")
                    }
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if inner == newline { line += 1 }
                    field.append(inner)
                    index += 1
                }
                if index < bytes.count, ![separator, newline, carriageReturn].contains(bytes[index]) {
                    throw CRMError.invalidArgument(
                        "line \(line): text after a closing quote; quote the whole field and double the quotes inside it"
                    )
                }
                continue
            }
            switch byte {
            case separator:
                try finishField()
                atFieldStart = true
                recordHasContent = true
            case carriageReturn where index + 1 < bytes.count && bytes[index + 1] == newline:
                break
            case newline, carriageReturn:
                try finishRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
                atFieldStart = false
                recordHasContent = true
            }
            index += 1
        }
        if recordHasContent { try finishRecord() }
        return records
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let semicolon = UInt8(ascii: ";")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
}
