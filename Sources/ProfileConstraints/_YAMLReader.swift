import Yams

/// YAML text into suite nodes through Yams (libyaml), with plain scalars resolved by the YAML 1.2
/// core schema (``_CoreSchema``), duplicate keys refused, and aliases counted as they expand.
enum _YAMLReader {
    static func read(_ text: String, limits: ConstraintSuiteLimits) throws(ConstraintSuiteError) -> _SuiteNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw ConstraintSuiteError(.syntax, field: "", expected: "YAML", actual: "\(error)")
        }
        guard let root else {
            throw ConstraintSuiteError(
                .invalidStructure, field: "constraints", expected: "a mapping with a constraints list",
                actual: "an empty document")
        }
        var budget = limits.maxValues
        return try convert(root, depth: 0, budget: &budget, limits: limits)
    }

    private static func syntaxError(_ error: YamlError) -> ConstraintSuiteError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let expected = context.map { "valid YAML (\($0.text))" } ?? "valid YAML"
            return ConstraintSuiteError(.syntax, field: "", expected: expected, actual: problem, line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            return ConstraintSuiteError(
                .duplicateKey, field: key, expected: "each key once in a mapping", actual: "a second \"\(key)\"",
                line: context.mark.line)
        case .reader(let problem, let offset, _, _):
            return ConstraintSuiteError(.syntax, field: "", expected: "readable text", actual: problem, offset: offset)
        default:
            return ConstraintSuiteError(.syntax, field: "", expected: "valid YAML", actual: "\(error)")
        }
    }

    private static func convert(
        _ node: Node, depth: Int, budget: inout Int, limits: ConstraintSuiteLimits
    ) throws(ConstraintSuiteError) -> _SuiteNode {
        budget -= 1
        let line = node.mark?.line
        guard budget >= 0 else {
            throw ConstraintSuiteError(
                .limitExceeded, field: "",
                expected: "at most \(limits.maxValues) values with aliases expanded (maxValues)",
                actual: "more", line: line)
        }
        guard depth <= limits.maxDepth else {
            throw ConstraintSuiteError(
                .limitExceeded, field: "", expected: "nesting at most \(limits.maxDepth) deep (maxDepth)",
                actual: "deeper", line: line)
        }
        switch node {
        case .scalar(let scalar):
            let isString = scalar.style != .plain || scalar.tag.rawValue == "tag:yaml.org,2002:str"
            let kind = isString ? .string(scalar.string) : _CoreSchema.resolve(plain: scalar.string)
            return _SuiteNode(kind: kind, text: scalar.string, line: line)
        case .sequence(let sequence):
            var items: [_SuiteNode] = []
            items.reserveCapacity(Swift.min(sequence.count, budget + 1))
            for item in sequence {
                items.append(try convert(item, depth: depth + 1, budget: &budget, limits: limits))
            }
            return _SuiteNode(kind: .list(items), text: "", line: line)
        case .mapping(let mapping):
            var entries: [(key: String, value: _SuiteNode)] = []
            var keys: Set<String> = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConstraintSuiteError(
                        .invalidStructure, field: "", expected: "text keys", actual: "a list or mapping as a key",
                        line: keyNode.mark?.line)
                }
                let key = keyScalar.string
                guard keys.insert(key).inserted else {
                    throw ConstraintSuiteError(
                        .duplicateKey, field: key, expected: "each key once in a mapping",
                        actual: "a second \"\(key)\"",
                        line: keyNode.mark?.line)
                }
                entries.append((key, try convert(valueNode, depth: depth + 1, budget: &budget, limits: limits)))
            }
            return _SuiteNode(kind: .map(entries), text: "", line: line)
        case .alias:
            // Yams resolves aliases to the anchored node while composing; an unresolved one is an error.
            throw ConstraintSuiteError(.syntax, field: "", expected: "a defined anchor", actual: "an alias", line: line)
        }
    }
}
