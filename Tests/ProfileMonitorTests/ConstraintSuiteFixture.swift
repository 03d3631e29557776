import ProfileConstraints

enum ConstraintSuiteFixture {
    static func suite(_ yaml: String) throws -> ConstraintSuite { try ConstraintSuite(yaml: yaml) }
}
