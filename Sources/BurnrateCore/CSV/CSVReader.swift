/// Reads RFC 4180 CSV, remembering the file line each record starts on so that import errors can
/// name it. Quoted fields may hold commas, quotes (`""`) and line breaks.
public enum CSVReader {
    /// One record and the 1-based line it starts on.
    public struct Record: Sendable, Hashable {
        public var fields: [String]
        public var line: Int
    }

    /// A quote left open at the end of the input.
    public struct UnterminatedQuote: Error, Sendable, Hashable {
        public var line: Int
    }

    /// Every non-empty record of `text`.
    public static func records(_ text: String) throws(UnterminatedQuote) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        func finishRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields = []
            field = ""
        }
        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                finishRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw UnterminatedQuote(line: recordLine) }
        finishRecord()
        return records
    }
}
