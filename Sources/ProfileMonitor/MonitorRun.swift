/// The result of ``ProfileMonitor/run(inputs:state:)``: the report, the state for the next run,
/// and the warnings to show.
public struct MonitorRun: Sendable {
    /// Every period's findings.
    public var report: MonitorReport
    /// The state to save for the next run.
    public var state: MonitorState
    /// Things the user should know that did not stop the run, one line each (a state file written
    /// with other settings, a skipped file).
    public var warnings: [String]

    /// Creates a run result.
    public init(report: MonitorReport, state: MonitorState, warnings: [String]) {
        self.report = report
        self.state = state
        self.warnings = warnings
    }
}
