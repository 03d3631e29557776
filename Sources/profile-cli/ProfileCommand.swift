import ArgumentParser

@main
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Profile data into mergeable sketches, and inspect sketch images.",
        subcommands: [])
}
