/// A wine-server error: one line for the user.
package struct WineServerError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
