import Foundation
import Profiles
import SketchbookTestSupport
import Testing

@testable import ProfileConstraints

@Suite struct ConstraintSuiteParsingTests {
    static let example = """
        description: example
        constraints:
          - {factory: is_in_range, column_name: alcohol, lower: 8, upper: 15.0}
          - factory: frequent_strings_in_reference_set
            column_name: color
            reference_set: [red, white, NO, 3]
            name: colours
            severity: warning
            comment: two colours
          - {factory: greater_than_number, column_name: price, number: -.inf, skip_missing: false}
          - {factory: column_is_probably_unique, column_name: id, hll_stddev: 2}
          - {factory: column_has_zero_count_types, column_name: id, types_list: [integral, fractional]}
          - {factory: row_count_in_range, lower: 10}
          - {factory: no_drift, column_name: alcohol, metric: ks, threshold: 0.2}
          - {factory: no_drift, column_name: alcohol}
        """

    @Test func yamlEntriesBecomeChecksWithWhylogsDefaults() throws {
        let suite = try ConstraintSuite(yaml: Self.example)
        #expect(suite.description == "example")
        #expect(suite.constraints.count == 8)
        #expect(suite.constraints[0].check == .isInRange(columnName: "alcohol", lower: .integer(8), upper: .double(15)))
        #expect(suite.constraints[0].name == "alcohol is in range [8,15.0]")
        #expect(suite.constraints[0].severity == .error)
        let colours = suite.constraints[1]
        // YAML 1.2: NO stays a string; a number in a set is taken as written.
        #expect(
            colours.check
                == .frequentStringsInReferenceSet(columnName: "color", referenceSet: ["red", "white", "NO", "3"]))
        #expect(colours.name == "colours")
        #expect(colours.severity == .warning)
        #expect(colours.comment == "two colours")
        #expect(colours.check.defaultName == "color values in set ['red', 'white', 'NO', '3']")
        #expect(
            suite.constraints[2].check
                == .greaterThanNumber(columnName: "price", number: .double(-.infinity), skipMissing: false))
        #expect(suite.constraints[2].name == "price greater than number -inf")
        #expect(suite.constraints[3].check == .columnIsProbablyUnique(columnName: "id", hllStddev: 2))
        #expect(suite.constraints[4].name == "id allows for types ['boolean', 'string', 'object', 'tensor']")
        #expect(suite.constraints[5].check == .rowCountInRange(lower: .integer(10), upper: nil))
        #expect(suite.constraints[6].check == .noDrift(columnName: "alcohol", metric: .ks, threshold: 0.2))
        #expect(suite.constraints[6].name == "alcohol no drift (ks < 0.2)")
        #expect(suite.constraints[7].check == .noDrift(columnName: "alcohol", metric: nil, threshold: nil))
        #expect(suite.needsReference)
    }

    @Test func jsonReadsTheSameSchema() throws {
        let json = """
            {"constraints": [
              {"factory": "is_in_range", "column_name": "alcohol", "lower": 8, "upper": 15.0},
              {"factory": "n_most_common_items_in_set", "column_name": "c", "n": 2, "reference_set": ["a", "\\u00e9\\ud83d\\ude00"]},
              {"factory": "mean_between_range", "column_name": "x", "lower": -1e999, "upper": 1E+2}
            ]}
            """
        let suite = try ConstraintSuite(json: Array(json.utf8))
        #expect(suite.constraints[0].check == .isInRange(columnName: "alcohol", lower: .integer(8), upper: .double(15)))
        #expect(suite.constraints[1].check == .nMostCommonItemsInSet(columnName: "c", n: 2, referenceSet: ["a", "é😀"]))
        #expect(
            suite.constraints[2].check
                == .meanBetweenRange(columnName: "x", lower: .double(-.infinity), upper: .double(100)))
        #expect(suite.constraints[2].name == "x mean between -inf and 100.0 (inclusive)")
    }

    @Test func textIsToldApartByItsFirstCharacterAndFilesByTheirName() throws {
        let json = #"{"constraints": [{"factory": "no_missing_values", "column_name": "a"}]}"#
        let yaml = "constraints:\n  - {factory: no_missing_values, column_name: a}\n"
        #expect(try ConstraintSuite(text: Array(json.utf8)) == ConstraintSuite(text: Array(yaml.utf8)))
        #expect(try ConstraintSuite(text: [0xEF, 0xBB, 0xBF] + Array(("  \n" + json).utf8)).constraints.count == 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suite-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in [("a.json", json), ("a.yaml", yaml), ("a.yml", yaml), ("a.txt", json), ("b.txt", yaml)] {
            let path = directory.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try ConstraintSuite(contentsOf: path).constraints.count == 1, "\(name)")
        }
        // A YAML flow mapping in a .yaml file is YAML, though it starts with "{".
        let flow = directory.appendingPathComponent("flow.yaml").path
        try Data("{constraints: [{factory: no_missing_values, column_name: a}]}".utf8).write(
            to: URL(fileURLWithPath: flow))
        #expect(try ConstraintSuite(contentsOf: flow).constraints.count == 1)
        #expect(throws: ConstraintSuiteError.self) {
            try ConstraintSuite(contentsOf: directory.appendingPathComponent("none.yaml").path)
        }
        do {
            _ = try ConstraintSuite(contentsOf: directory.appendingPathComponent("none.yaml").path)
        } catch {
            #expect(error.code == .ioFailure)
        }
    }

    @Test func yamlAndJSONWritingReadsBackEqual() throws {
        let suite = try ConstraintSuite(yaml: Self.example)
        #expect(try ConstraintSuite(yaml: suite.yaml()) == suite)
        #expect(try ConstraintSuite(json: Array(suite.json().utf8)) == suite)
        // Every factory of the parity fixtures, and awkward strings.
        let fixture = try ConstraintSuite(contentsOf: Fixtures.url("constraints/synthetic.suite.json").path)
        #expect(try ConstraintSuite(yaml: fixture.yaml()) == fixture)
        #expect(try ConstraintSuite(json: Array(fixture.json().utf8)) == fixture)
        let awkward = ConstraintSuite(
            [
                Constraint(
                    .frequentStringsInReferenceSet(
                        columnName: "a \"quoted\": b #c",
                        referenceSet: ["it's", "tab\tnew\nline", "\u{1}", "\u{E0001}", "é", ""]),
                    name: "- not a list", comment: "yes"),
                Constraint(.rowCountInRange(lower: .double(1e-5), upper: .double(.infinity))),
                Constraint(
                    .columnIsNullableDatatype(
                        columnName: "true", datatype: .tensor, factoryName: "column_is_nullable_datatype")),
                Constraint(
                    .columnIsNullableDatatype(
                        columnName: "null", datatype: .string, factoryName: "column_is_nullable_string")),
            ], description: "üñí\u{2028}")
        #expect(try ConstraintSuite(yaml: awkward.yaml()) == awkward)
        #expect(try ConstraintSuite(json: Array(awkward.json().utf8)) == awkward)
        #expect(try ConstraintSuite(yaml: ConstraintSuite([]).yaml()) == ConstraintSuite([]))
        #expect(try ConstraintSuite(json: Array(ConstraintSuite([]).json().utf8)) == ConstraintSuite([]))
    }

    @Test func everyFactoryNameParses() throws {
        for factory in ConstraintCheck.factoryNames {
            let parameters: String
            switch factory {
            case "greater_than_number", "smaller_than_number", "count_below_number", "null_values_below_number",
                "null_percentage_below_number":
                parameters = "column_name: c, number: 1"
            case "is_in_range", "mean_between_range", "stddev_between_range", "distinct_number_in_range":
                parameters = "column_name: c, lower: 0, upper: 1"
            case "quantile_between_range": parameters = "column_name: c, quantile: 0.5, lower: 0, upper: 1"
            case "frequent_strings_in_reference_set": parameters = "column_name: c, reference_set: [a]"
            case "n_most_common_items_in_set": parameters = "column_name: c, n: 1, reference_set: [a]"
            case "column_is_nullable_datatype": parameters = "column_name: c, datatype: string"
            case "column_has_non_zero_types", "column_has_zero_count_types":
                parameters = "column_name: c, types_list: [string]"
            case "condition_meets", "condition_never_meets": parameters = "column_name: c, condition_name: k"
            case "condition_count_below": parameters = "column_name: c, condition_name: k, max_count: 3"
            case "row_count_in_range": parameters = "lower: 1, upper: 2"
            case "columns_present", "no_unexpected_columns": parameters = "column_names: [c]"
            case "no_drift": parameters = "column_name: c, metric: psi"
            default: parameters = "column_name: c"
            }
            let suite = try ConstraintSuite(yaml: "constraints:\n  - {factory: \(factory), \(parameters)}\n")
            #expect(suite.constraints[0].check.factory == factory)
            #expect(try ConstraintSuite(yaml: suite.yaml()) == suite, "\(factory)")
        }
    }

    @Test func yamlTagsAnchorsAndBlockScalarsAreRead() throws {
        let suite = try ConstraintSuite(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Fuzz/Seeds/constraint-suite/anchors.yaml").path)
        #expect(suite.constraints.count == 6)
        #expect(suite.constraints[0] == suite.constraints[1])
        #expect(
            suite.constraints[2].check
                == .frequentStringsInReferenceSet(
                    columnName: "color", referenceSet: ["red", "white", "NO", "3", "0x1F", "1e3", ".inf"]))
        #expect(suite.constraints[3].check.columnName == "alcohol\n")
        #expect(suite.constraints[4].comment == "folded text")
        // A number tagged as a string is a string; a column named by a number is that text.
        let tagged = Self.entryError("{factory: is_in_range, column_name: a, lower: !!str 8, upper: 1}")
        #expect(tagged?.code == .wrongType)
        let numbered = try ConstraintSuite(yaml: "constraints: [{factory: no_missing_values, column_name: 2019}]")
        #expect(numbered.constraints[0].check.columnName == "2019")
        // A merge key is not a parameter.
        #expect(Self.entryError("{factory: no_missing_values, column_name: a, <<: {x: 1}}")?.code == .unknownParameter)
    }

    @Test func invalidUTF8IsASyntaxError() {
        for bytes in [Array("constraints: []\n".utf8) + [0xC3, 0x28], [0x7B, 0xFF, 0x7D]] {
            do {
                _ = try ConstraintSuite(text: bytes)
                Issue.record("accepted \(bytes)")
            } catch {
                #expect(error.code == .syntax, "\(error)")
            }
        }
    }

    // MARK: - Errors

    /// The error of one entry, or of a whole document.
    static func error(_ yaml: String) -> ConstraintSuiteError? {
        do {
            _ = try ConstraintSuite(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    static func entryError(_ entry: String) -> ConstraintSuiteError? {
        error("constraints:\n  - {factory: no_missing_values, column_name: a}\n  - \(entry)\n")
    }

    @Test(arguments: [
        // (entry, code, field, text in the description)
        ("{factory: is_in_rang, column_name: a}", ConstraintSuiteError.Code.unknownFactory, "factory", "'is_in_rang'"),
        ("{column_name: a}", .missingParameter, "factory", "none"),
        ("{factory: is_in_range, column_name: a, upper: 1}", .missingParameter, "lower", "none"),
        ("{factory: is_in_range, column_name: a, lower: null, upper: 1}", .missingParameter, "lower", "null"),
        ("{factory: is_in_range, lower: 0, upper: 1}", .missingParameter, "column_name", "none"),
        ("{factory: is_in_range, column_name: a, lower: eight, upper: 1}", .wrongType, "lower", "string 'eight'"),
        ("{factory: is_in_range, column_name: a, lower: '8', upper: 1}", .wrongType, "lower", "string '8'"),
        ("{factory: is_in_range, column_name: a, lower: true, upper: 1}", .wrongType, "lower", "boolean true"),
        ("{factory: is_in_range, column_name: a, lower: 0, upper: .nan}", .invalidValue, "upper", "NaN"),
        (
            "{factory: is_in_range, column_name: a, lower: 99999999999999999999, upper: 1}", .invalidValue, "lower",
            "2^63"
        ),
        ("{factory: is_in_range, column_name: [a], lower: 0, upper: 1}", .wrongType, "column_name", "a list of 1"),
        ("{factory: is_in_range, column_name: a, lower: 0, upper: 1, lowr: 2}", .unknownParameter, "lowr", "\"lowr\""),
        (
            "{factory: is_in_range, column_name: a, lower: 0, upper: 1, skip_missing: 1}", .wrongType, "skip_missing",
            "number 1"
        ),
        (
            "{factory: is_in_range, column_name: a, lower: 0, upper: 1, severity: fatal}", .invalidValue, "severity",
            "'fatal'"
        ),
        (
            "{factory: quantile_between_range, column_name: a, quantile: 1.5, lower: 0, upper: 1}", .invalidValue,
            "quantile", "1.5"
        ),
        ("{factory: n_most_common_items_in_set, column_name: a, n: -1, reference_set: []}", .invalidValue, "n", "-1"),
        (
            "{factory: n_most_common_items_in_set, column_name: a, n: 1.0, reference_set: []}", .wrongType, "n",
            "number 1.0"
        ),
        (
            "{factory: frequent_strings_in_reference_set, column_name: a, reference_set: red}", .wrongType,
            "reference_set", "string"
        ),
        (
            "{factory: frequent_strings_in_reference_set, column_name: a, reference_set: [red, [x]]}", .wrongType,
            "reference_set[1]", "a list"
        ),
        (
            "{factory: column_is_nullable_datatype, column_name: a, datatype: float}", .invalidValue, "datatype",
            "'float'"
        ),
        (
            "{factory: column_has_non_zero_types, column_name: a, types_list: [string, str]}", .invalidValue,
            "types_list[1]", "'str'"
        ),
        ("{factory: column_is_probably_unique, column_name: a, hll_stddev: 4}", .invalidValue, "hll_stddev", "4"),
        ("{factory: row_count_in_range}", .missingParameter, "lower", "neither"),
        ("{factory: no_drift, column_name: a, metric: p_value}", .invalidValue, "metric", "'p_value'"),
        ("{factory: no_drift, column_name: a, metric: kss}", .invalidValue, "metric", "'kss'"),
        ("{factory: no_drift, column_name: a, threshold: 0.1}", .missingParameter, "metric", "none"),
        ("{factory: no_drift, column_name: a, metric: chi_square}", .missingParameter, "threshold", "none"),
        ("{factory: no_drift, column_name: a, metric: ks, threshold: -1}", .invalidValue, "threshold", "-1"),
        ("[factory, is_in_range]", .invalidStructure, "", "a list of 2"),
        ("{factory: is_in_range, name: [x]}", .wrongType, "name", "a list"),
    ])
    func anEntryErrorNamesTheEntryAndTheField(
        entry: String, code: ConstraintSuiteError.Code, field: String, actual: String
    ) throws {
        let error = try #require(Self.entryError(entry))
        #expect(error.code == code, "\(error)")
        #expect(error.entry == 1, "\(error)")
        #expect(error.field == field, "\(error)")
        #expect(error.line == 3, "\(error)")
        #expect(error.description.contains(actual), "\(error)")
        #expect(error.description.hasPrefix("constraints[1]"), "\(error)")
    }

    @Test func theErrorNamesTheEntryByItsNameElseItsFactory() throws {
        let named = try #require(
            Self.entryError("{factory: is_in_range, name: alcohol range, column_name: a, lower: x, upper: 1}"))
        #expect(named.entryName == "alcohol range")
        #expect(named.description.hasPrefix("constraints[1] \"alcohol range\" (line 3): field \"lower\": wrong type"))
        let unnamed = try #require(Self.entryError("{factory: is_in_range, column_name: a, lower: x, upper: 1}"))
        #expect(unnamed.entryName == "is_in_range")
    }

    @Test(arguments: [
        ("", ConstraintSuiteError.Code.invalidStructure, "constraints"),
        ("- {factory: no_missing_values, column_name: a}", .invalidStructure, "constraints"),
        ("description: x", .invalidStructure, "constraints"),
        ("constraints: {factory: x}", .invalidStructure, "constraints"),
        ("constraints: []\nextra: 1", .invalidStructure, "extra"),
        ("constraints: []\nversion: 2", .invalidValue, "version"),
        ("constraints: []\ndescription: [x]", .wrongType, "description"),
        ("constraints: [\n", .syntax, ""),
        ("constraints: []\nconstraints: []", .duplicateKey, "constraints"),
        ("constraints:\n  - {factory: is_in_range, factory: is_in_range}", .duplicateKey, "factory"),
        ("constraints: *undefined", .syntax, ""),
        ("? [a, b]\n: 1", .invalidStructure, ""),
    ])
    func aDocumentErrorIsTyped(yaml: String, code: ConstraintSuiteError.Code, field: String) throws {
        let error = try #require(Self.error(yaml))
        #expect(error.code == code, "\(error)")
        #expect(error.field == field, "\(error)")
        #expect(error.entry == nil, "\(error)")
    }

    @Test(arguments: [
        #"{"constraints": [}"#, #"{"constraints": []"#, #"{"constraints": [] } x"#, #"{"constraints": [01]}"#,
        #"{"constraints": ["\x"]}"#, #"{"constraints": ["\ud800"]}"#, #"{'constraints': []}"#,
        "{\"constraints\": [\"a\nb\"]}",
        #"{"constraints": [1.]}"#, #"{"constraints": [-]}"#, #"{"constraints": [tru]}"#, #"{"constraints": ["\u12"]}"#,
    ])
    func jsonSyntaxErrorsGiveTheOffset(json: String) throws {
        do {
            _ = try ConstraintSuite(json: Array(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .syntax || error.code == .invalidStructure, "\(error)")
            if error.code == .syntax { #expect(error.offset != nil, "\(error)") }
        }
        #expect(throws: ConstraintSuiteError.self) { try ConstraintSuite(json: Array(json.utf8) + [0xFF]) }
    }

    @Test func duplicateJSONKeysAreErrors() throws {
        let json = #"{"constraints": [{"factory": "a", "factory": "b"}]}"#
        do {
            _ = try ConstraintSuite(json: Array(json.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .duplicateKey)
            #expect(error.field == "factory")
            #expect(error.offset == 34)
        }
    }

    // MARK: - Limits

    @Test func limitsBoundHostileSuites() throws {
        let entry = "  - {factory: no_missing_values, column_name: a}\n"
        let three = "constraints:\n" + String(repeating: entry, count: 3)
        #expect(throws: ConstraintSuiteError.self) { try ConstraintSuite(yaml: three, limits: .init(maxEntries: 2)) }
        #expect(try ConstraintSuite(yaml: three, limits: .init(maxEntries: 3)).constraints.count == 3)
        do {
            _ = try ConstraintSuite(yaml: three, limits: .init(maxBytes: 20))
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.expected.contains("maxBytes"))
        }
        let set =
            "constraints:\n  - {factory: frequent_strings_in_reference_set, column_name: a, reference_set: [a, b, c]}"
        do {
            _ = try ConstraintSuite(yaml: set, limits: .init(maxListItems: 2))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.field == "reference_set")
            #expect(error.entry == 0)
        }
        // A billion laughs: nine levels of ten aliases expand to 10^9 values.
        var laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            laughs +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        laughs += "constraints: []\n"
        let start = ContinuousClock.now
        do {
            _ = try ConstraintSuite(yaml: laughs, limits: .init(maxValues: 200_000))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .limitExceeded, "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(30))
        // Deep nesting, in YAML and JSON.
        let deep = "constraints: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: ConstraintSuiteError.self) { try ConstraintSuite(yaml: deep) }
        let deepJSON = "{\"constraints\": " + String(repeating: "[", count: 100_000)
        do {
            _ = try ConstraintSuite(json: Array(deepJSON.utf8))
        } catch {
            #expect(error.code == .limitExceeded, "\(error)")
        }
        // Many values in JSON.
        let many = "{\"constraints\": [" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]}"
        #expect(throws: ConstraintSuiteError.self) {
            try ConstraintSuite(json: Array(many.utf8), limits: .init(maxValues: 100))
        }
    }

    @Test func aFileOverTheLimitIsRefusedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: UInt8(ascii: " "), count: 4096).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ConstraintSuite(contentsOf: path, limits: .init(maxBytes: 1000))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.actual == "1001 bytes")
        }
    }

    // MARK: - Python's printing and comparison

    @Test func numbersAndStringsPrintAsPythonPrintsThem() throws {
        let facts = try #require(try Fixtures.json("constraints/python.json") as? [String: Any])
        let floats = try #require(facts["floats"] as? [[String]])
        #expect(floats.count > 900)
        for pair in floats {
            let value = Double(bitPattern: try #require(UInt64(pair[0], radix: 16)))
            #expect(_PythonRepr.float(value) == pair[1], "bits \(pair[0])")
            #expect(ConstraintNumber.double(value).description == pair[1])
        }
        let strings = try #require(facts["strings"] as? [[String]])
        for pair in strings {
            #expect(_PythonRepr.string(pair[0]) == pair[1], "\(pair[0].debugDescription)")
        }
        let comparisons = try #require(facts["comparisons"] as? [[Any]])
        #expect(!comparisons.isEmpty)
        for item in comparisons {
            let integer = try #require((item[0] as? NSNumber)?.int64Value)
            let hex = try #require(item[1] as? String)
            let bits = try #require(UInt64(hex, radix: 16))
            let order = try #require(item[2] as? Int)
            let double = Double(bitPattern: bits)
            #expect(ConstraintNumber.order(.integer(integer), .double(double)) == order, "\(integer) vs \(double)")
            #expect(ConstraintNumber.order(.double(double), .integer(integer)) == -order, "\(double) vs \(integer)")
        }
        #expect(ConstraintNumber.order(.double(.nan), .integer(1)) == nil)
        #expect(!(ConstraintNumber.double(.nan) <= .integer(1)))
    }
}
