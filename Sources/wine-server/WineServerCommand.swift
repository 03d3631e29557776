import ArgumentParser

/// `wine-server`: the example model server of Sketchbook.
@main
struct WineServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wine-server",
        abstract: "A wine-quality regressor behind HTTP, profiled per window by Sketchbook's ServerHook.",
        subcommands: [ServeCommand.self, TrainCommand.self],
        defaultSubcommand: ServeCommand.self)
}
