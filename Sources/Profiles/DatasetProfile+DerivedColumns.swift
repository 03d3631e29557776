extension DatasetProfile {
    /// The feature name of the column that reports an image column's undecodable values:
    /// `<column>.decode_error`.
    public static let decodeErrorFeature = "decode_error"

    /// The value logged to `<column>.decode_error` for a non-null value of an image column that is
    /// not ``FeatureValue/bytes(_:)``.
    public static let notImageBytesError = "not image bytes"

    /// The name of a derived column: `<column>.<feature>` (whylogs' naming of UDF outputs and of
    /// uncompounded image metrics, spec §2.5, §4).
    ///
    /// - Parameters:
    ///   - column: the text or image column.
    ///   - feature: the feature name (from ``TextMetadata/featureNames``,
    ///     `ImageMetadata.featureNames` in `ProfileImages`, or ``decodeErrorFeature``).
    /// - Returns: `"\(column).\(feature)"`.
    public static func derivedColumnName(_ column: String, feature: String) -> String {
        "\(column).\(feature)"
    }

    /// Declares a text column: from now on each string value logged to it (by ``log(row:)``,
    /// ``log(column:value:)``, ``log(column:strings:)`` or ``log(column:values:)``) is logged as
    /// usual and also yields one value in each derived column `<column>.<feature>`, for every
    /// feature of ``TextMetadata/featureNames``.
    ///
    /// Rules:
    /// - The column itself is an ordinary string column: if it is new when first logged, it gets
    ///   the string metric set whatever the first value (``ColumnType/string``).
    /// - Derived values are routed as whylogs routes values: the counts are integers (a new derived
    ///   column is integral, with `ints` and frequent items), `avg_word_length` and
    ///   `non_ascii_share` are doubles (fractional). Batch logging feeds each derived column as a
    ///   typed batch, row logging value by value.
    /// - A null (or any value that is not a string) yields no derived values: each derived column's
    ///   `counts/n` is the number of strings logged, and `counts/null` stays 0.
    /// - Values logged before the declaration yield nothing; an existing column keeps its metrics.
    ///
    /// - Parameter name: the column.
    public mutating func declare(textColumn name: String) {
        columnRoles[name] = .text
    }

    // MARK: - Logging derived values

    /// Logs the derived values of one value of a column with a role (row logging: each derived
    /// value as a single value).
    mutating func logDerived(of name: String, role: ColumnRole, value: FeatureValue) {
        switch derivation(of: value, role: role) {
        case .none:
            break
        case .features(let features):
            for (feature, derived) in features {
                update(Self.derivedColumnName(name, feature: feature), type: ColumnType(firstValue: derived)) {
                    $0.log(derived)
                }
            }
        case .error(let kind):
            update(Self.derivedColumnName(name, feature: Self.decodeErrorFeature), type: .string) {
                $0.log(.string(kind))
            }
        }
    }

    /// Logs the derived values of a batch of a column with a role: each derived column gets one
    /// typed batch (ints, doubles or strings, as a pandas column of that dtype would be logged).
    mutating func logDerived(of name: String, role: ColumnRole, values: some Sequence<FeatureValue>) {
        var featureNames: [String] = []
        var featureValues: [String: [FeatureValue]] = [:]
        var errors: [String?] = []
        for value in values {
            switch derivation(of: value, role: role) {
            case .none:
                break
            case .features(let features):
                for (feature, derived) in features {
                    if featureValues[feature] == nil {
                        featureNames.append(feature)
                        featureValues[feature] = [derived]
                    } else {
                        featureValues[feature]!.append(derived)
                    }
                }
            case .error(let kind):
                errors.append(kind)
            }
        }
        for feature in featureNames {
            logDerivedBatch(Self.derivedColumnName(name, feature: feature), featureValues[feature]!)
        }
        if !errors.isEmpty {
            update(Self.derivedColumnName(name, feature: Self.decodeErrorFeature), type: .string) {
                $0.log(strings: errors)
            }
        }
    }

    /// Logs one derived column's batch with the typed path its values call for.
    private mutating func logDerivedBatch(_ column: String, _ values: [FeatureValue]) {
        var ints: [Int64] = []
        var doubles: [Double] = []
        var strings: [String?] = []
        for value in values {
            switch value {
            case .int(let number) where doubles.isEmpty && strings.isEmpty: ints.append(number)
            case .double(let number) where ints.isEmpty && strings.isEmpty: doubles.append(number)
            case .string(let text) where ints.isEmpty && doubles.isEmpty: strings.append(text)
            default:
                // Mixed kinds: an object column.
                update(column, type: .string) { $0.log(values: values) }
                return
            }
        }
        if !ints.isEmpty {
            update(column, type: .integral) { $0.log(ints: ints) }
        } else if !doubles.isEmpty {
            update(column, type: .fractional) { $0.log(doubles: doubles) }
        } else if !strings.isEmpty {
            update(column, type: .string) { $0.log(strings: strings) }
        }
    }

    /// What one value of a column with a role yields.
    private enum Derivation {
        case none
        case features([(name: String, value: FeatureValue)])
        case error(String)
    }

    private func derivation(of value: FeatureValue, role: ColumnRole) -> Derivation {
        switch (role.kind, value) {
        case (_, .null):
            return .none
        case (_, .double(let number)) where number.isNaN:
            return .none
        case (.text, .string(let text)):
            return .features(TextMetadata.features(of: text))
        case (.text, _):
            return .none
        case (.image, .bytes(let bytes)):
            // Every image role carries a decoder (`ColumnRole.image` in ProfileImages); a role
            // without one is not image bytes this profile can read.
            guard let source = imageFeatureSource ?? role.imageFeatureSource else {
                return .error(Self.notImageBytesError)
            }
            do {
                return .features(try source.features(ofEncodedImage: bytes))
            } catch {
                return .error(error.code.description)
            }
        case (.image, _):
            return .error(Self.notImageBytesError)
        }
    }
}
