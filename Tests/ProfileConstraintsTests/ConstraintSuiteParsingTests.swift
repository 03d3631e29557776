import Testing

@testable import ProfileConstraints

@Test func placeholder() {}
