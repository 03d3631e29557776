/// The wine-quality features as the API names them, with the UCI data's column names and the
/// rules a request value must satisfy.
package enum WineFeatures {
    /// One feature.
    package struct Feature: Sendable {
        /// The API (JSON) name, also the profile column name.
        package var name: String
        /// The column name in the UCI CSV files.
        package var csvName: String
        /// The largest allowed value (exclusive when `upperIsExclusive`).
        package var upperBound: Double? = nil
        package var upperIsExclusive = false
    }

    /// The window column of the good-wine classifier's predicted label (`1` good, `0` other).
    package static let classifierLabelColumn = "predicted_good"
    /// The window column of the classifier's score: the probability of good (the positive class).
    package static let classifierScoreColumn = "predicted_good_probability"

    /// The eleven inputs, in the model's order.
    package static let all: [Feature] = [
        Feature(name: "fixed_acidity", csvName: "fixed acidity"),
        Feature(name: "volatile_acidity", csvName: "volatile acidity"),
        Feature(name: "citric_acid", csvName: "citric acid"),
        Feature(name: "residual_sugar", csvName: "residual sugar"),
        Feature(name: "chlorides", csvName: "chlorides"),
        Feature(name: "free_sulfur_dioxide", csvName: "free sulfur dioxide"),
        Feature(name: "total_sulfur_dioxide", csvName: "total sulfur dioxide"),
        Feature(name: "density", csvName: "density"),
        Feature(name: "ph", csvName: "pH", upperBound: 14, upperIsExclusive: true),
        Feature(name: "sulphates", csvName: "sulphates"),
        Feature(name: "alcohol_pct_vol", csvName: "alcohol", upperBound: 100),
    ]

    /// The optional request field that is not a model input: the client's region, which
    /// wine-server can segment windows by (`--segment-by region`).
    package static let regionField = "region"
    /// The longest region accepted, in UTF-8 bytes.
    package static let maxRegionBytes = 64

    /// The label column in the UCI CSV files.
    package static let labelCSVName = "quality"

    /// The profile column of the model output.
    package static let predictionColumn = "predicted_quality"

    /// Why a value is not acceptable for `feature`, or `nil` if it is.
    package static func problem(with value: Double, for feature: Feature) -> String? {
        guard value.isFinite else { return "a finite number" }
        guard value >= 0 else { return "a number ≥ 0" }
        if let bound = feature.upperBound {
            if feature.upperIsExclusive ? value >= bound : value > bound {
                return "a number \(feature.upperIsExclusive ? "<" : "≤") \(Self.format(bound))"
            }
        }
        return nil
    }

    package static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
