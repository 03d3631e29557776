/// An input a fuzz target accepted whose result breaks one of the target's invariants.
package struct FuzzFailure: Error, CustomStringConvertible {
    /// The target.
    package var target: FuzzTarget
    /// The invariant that does not hold, with the values that break it.
    package var invariant: String

    package init(_ target: FuzzTarget, _ invariant: String) {
        self.target = target
        self.invariant = invariant
    }

    package var description: String { "\(target.rawValue): \(invariant)" }
}
