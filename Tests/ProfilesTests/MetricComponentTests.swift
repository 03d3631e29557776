import Profiles
import Testing

@Suite struct MetricComponentTests {
    @Test func intsMinAndMaxUseTheWhylogsTypeIDs() {
        #expect(MetricComponent.minTypeID == 1)
        #expect(MetricComponent.maxTypeID == 2)
        #expect(MetricComponent(.integer(5)).typeID == 0)
    }
}

@Suite struct MetricComponentEqualityTests {
    @Test func aNaNMeanEqualsItselfSoAFileReadTwiceComparesEqual() {
        #expect(MetricComponent(.double(.nan)) == MetricComponent(.double(.nan)))
        #expect(MetricComponent(.double(0.0)) != MetricComponent(.double(-0.0)))
        #expect(MetricComponent(.integer(1)) != MetricComponent(.double(1)))
        #expect(Set([MetricComponent(.double(.nan)), MetricComponent(.double(.nan))]).count == 1)
    }
}
