import Profiles
import Testing

@Suite struct MetricComponentTests {
    @Test func intsMinAndMaxUseTheWhylogsTypeIDs() {
        #expect(MetricComponent.minTypeID == 1)
        #expect(MetricComponent.maxTypeID == 2)
        #expect(MetricComponent(.integer(5)).typeID == 0)
    }
}
