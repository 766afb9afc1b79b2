import Foundation

/// A Prometheus text exposition read back into samples, for assertions.
struct ExpositionText {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var samples: [Sample] = []
    /// `# TYPE` lines: family name to kind.
    var types: [String: [String]] = [:]

    init(_ text: String) {
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ").map(String.init)
                types[parts[2], default: []].append(parts[3])
            } else if !line.hasPrefix("#") {
                samples.append(Self.sample(line))
            }
        }
    }

    /// Each series of `name`, its labels to its value.
    func series(_ name: String) -> [[String: String]: Double] {
        var result: [[String: String]: Double] = [:]
        for sample in samples where sample.name == name { result[sample.labels] = sample.value }
        return result
    }

    /// `name{labels} value` or `name value`, with escaped label values.
    static func sample(_ line: String) -> Sample {
        let characters = Array(line)
        var index = 0
        var name = ""
        while index < characters.count, characters[index] != "{", characters[index] != " " {
            name.append(characters[index])
            index += 1
        }
        var labels: [String: String] = [:]
        if index < characters.count, characters[index] == "{" {
            index += 1
            while characters[index] != "}" {
                var key = ""
                while characters[index] != "=" {
                    key.append(characters[index])
                    index += 1
                }
                index += 2
                var value = ""
                while characters[index] != "\"" {
                    if characters[index] == "\\" {
                        index += 1
                        value.append(characters[index] == "n" ? "\n" : characters[index])
                    } else {
                        value.append(characters[index])
                    }
                    index += 1
                }
                index += 1
                if characters[index] == "," { index += 1 }
                labels[key] = value
            }
            index += 1
        }
        let value = String(characters[index...]).trimmingCharacters(in: .whitespaces)
        return Sample(name: name, labels: labels, value: Double(value) ?? .nan)
    }
}
