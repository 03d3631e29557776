/// What one file has used of the budgets of its ``ProfileReadLimits``, charged as it is read and
/// decoded; a charge past a limit throws ``ProfileError/Code/limitExceeded`` naming the limit, its
/// value and where.
struct _DecodingBudget {
    let limits: ProfileReadLimits
    private(set) var componentBytes = 0
    private(set) var frequentItemsSlots = 0
    private(set) var kllItems = 0

    init(_ limits: ProfileReadLimits) {
        self.limits = limits
    }

    /// Checks a file's column count against ``ProfileReadLimits/maxColumns``.
    func checkColumns(_ count: Int, field: String, offset: Int? = nil) throws(ProfileError) {
        guard count <= limits.maxColumns else {
            throw ProfileError(
                .limitExceeded, field: field,
                expected: "at most \(limits.maxColumns) columns (ProfileReadLimits.maxColumns)",
                actual: "\(count) columns", offset: offset)
        }
    }

    /// Charges the byte-valued components (sketch images, serialized bytes) of one column.
    mutating func chargeComponents(_ components: [String: MetricComponent], column: String) throws(ProfileError) {
        for (path, component) in components {
            let size: Int
            switch component.value {
            case .integer, .double: continue
            case .frequentItems(let bytes), .hll(let bytes), .kll(let bytes), .cpc(let bytes),
                .serializedBytes(let bytes):
                size = bytes.count
            }
            try Self.charge(
                &componentBytes, size, limit: limits.maxComponentBytes, name: "maxComponentBytes", unit: "bytes",
                field: "\"\(column)\" \(path)")
        }
    }

    /// Charges `count` bytes of a sketch image outside the column components (a v0 model
    /// profile's cell histograms) against ``ProfileReadLimits/maxComponentBytes``.
    mutating func chargeBytes(_ count: Int, field: @autoclosure () -> String) throws(ProfileError) {
        try Self.charge(
            &componentBytes, count, limit: limits.maxComponentBytes, name: "maxComponentBytes", unit: "bytes",
            field: field())
    }

    /// Charges a decoded frequent-items sketch's map slots.
    mutating func chargeFrequentItemsSlots(_ slots: Int, field: @autoclosure () -> String) throws(ProfileError) {
        try Self.charge(
            &frequentItemsSlots, slots, limit: limits.maxFrequentItemsSlots, name: "maxFrequentItemsSlots",
            unit: "map slots", field: field())
    }

    /// Charges a decoded KLL sketch's item slots.
    mutating func chargeKLLItems(_ items: Int, field: @autoclosure () -> String) throws(ProfileError) {
        try Self.charge(
            &kllItems, items, limit: limits.maxKLLItems, name: "maxKLLItems", unit: "item slots", field: field())
    }

    private static func charge(
        _ used: inout Int, _ amount: Int, limit: Int, name: String, unit: String, field: @autoclosure () -> String
    ) throws(ProfileError) {
        let (total, overflow) = used.addingReportingOverflow(amount)
        guard !overflow, total <= limit else {
            throw ProfileError(
                .limitExceeded, field: field(),
                expected: "at most \(limit) \(unit) in the whole file (ProfileReadLimits.\(name))",
                actual: "\(used) before this column and \(amount) in it")
        }
        used = total
    }
}
