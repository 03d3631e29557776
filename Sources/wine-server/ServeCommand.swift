import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import NIOCore
import ProfileConstraints
import Profiles
import Prometheus
import ServerHook
import ServerHookPrometheus
import ServiceLifecycle
import UnixSignals
import WineQuality

/// `wine-server serve` (the default): the wine-quality model behind HTTP, with the hook.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the wine-quality model, profiling every prediction into windows.",
        discussion: """
            Routes: POST /predict (JSON features → {"quality", "prediction_id"}, header \
            X-model-score), POST /classify (the same features → {"good", "score", "prediction_id"}: \
            the good-wine classifier, score = probability of good), POST /feedback \
            ({"prediction_id", "quality"} for /predict, {"prediction_id", "good": true|false|1|0} \
            for /classify), GET /healthcheck, GET /metrics (Prometheus). Closed windows are written as \
            OUTPUT-DIR/<yyyy-mm-dd>/<start>-<instance>.bin.gz (whylogs v1, gzip); compare one \
            with training: profile diff TRAINING-PROFILE WINDOW.

            Every option can also be set by an environment variable: WINE_SERVER_HOST, \
            WINE_SERVER_PORT, WINE_SERVER_OUTPUT_DIR, WINE_SERVER_WINDOW_SECONDS, \
            WINE_SERVER_CHECKPOINT_SECONDS, WINE_SERVER_TRAINING_PROFILE, WINE_SERVER_CONSTRAINTS, \
            WINE_SERVER_INSTANCE, \
            WINE_SERVER_MODEL, WINE_SERVER_CLASSIFIER, WINE_SERVER_LOG_LEVEL, WINE_SERVER_METRICS_HOST, WINE_SERVER_METRICS_PORT, \
            WINE_SERVER_MAX_BODY_BYTES, WINE_SERVER_IDLE_TIMEOUT_SECONDS, \
            WINE_SERVER_REQUEST_TIMEOUT_SECONDS, WINE_SERVER_MAX_CONNECTIONS, WINE_SERVER_SEGMENT_BY, \
            WINE_SERVER_MAX_SEGMENT_VALUES. A flag wins over its variable.

            SIGTERM, SIGINT and SIGHUP shut down gracefully: requests in flight finish and every \
            window, the open one included, is written before the server exits.
            """)

    static let defaultModelPath = "models/wine-quality/model.json"
    static let defaultClassifierPath = "models/wine-quality/classifier.json"
    static let defaultClassifierProfilePath = "models/wine-quality/classifier-profile.bin"
    static let defaultTrainingProfilePath = "models/wine-quality/training-profile.bin"

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on; 0 picks a free one (default 8080).")
    var port: Int?

    @Option(help: "Where window files go (default ./profiles).")
    var outputDir: String?

    @Option(help: "The window length in seconds, a divisor of 86400 (default 300).")
    var windowSeconds: Int?

    @Option(help: "How often the open window is checkpointed, in seconds (default 10, or the window if shorter).")
    var checkpointSeconds: Int?

    @Option(help: "The training profile for the drift gauges (default \(defaultTrainingProfilePath); 'none' for none).")
    var trainingProfile: String?

    @Option(
        help: """
            A constraint suite (YAML or JSON, docs/constraints.md) each closed window is checked \
            against before it is written: results in the log, the metrics \
            (serverhook_constraint_failures_total, serverhook_window_constraints_failed) and the \
            window file's metadata. no_drift entries compare with the training profile.
            """)
    var constraints: String?

    @Option(help: "The instance name in window file names (default: the host name).")
    var instance: String?

    @Option(help: "The model file (default \(defaultModelPath)).")
    var model: String?

    @Option(
        help: """
            The good-wine classifier file for /classify (default \(defaultClassifierPath) if present; \
            'none' for none).
            """)
    var classifier: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: String?

    @Option(help: "Serve /metrics on this address instead of the API's (with --metrics-port).")
    var metricsHost: String?

    @Option(help: "Serve /metrics on this port, apart from the API (0 picks a free one); default: on the API port.")
    var metricsPort: Int?

    @Option(help: "The largest request body accepted, in bytes; larger ones get 413 (default 65536).")
    var maxBodyBytes: Int?

    @Option(
        help: """
            Close a connection after this many seconds without a request, or with a request whose \
            headers are not finished (default 30).
            """)
    var idleTimeoutSeconds: Int?

    @Option(
        help: """
            Close a connection whose request is not read and answered this many seconds after its \
            headers (a slow body, a client that does not read its response; default 60).
            """)
    var requestTimeoutSeconds: Int?

    @Option(
        help: """
            The most connections open at once; more wait in the listen queue. Default: the descriptor \
            limit (ulimit -n) less those open at start and the event loops', and less a quarter (at \
            least 32) kept for the hook's files; at most 4096.
            """)
    var maxConnections: Int?

    @Option(
        help: """
            Segment every window by this request field: region (the optional "region" string of a \
            request) or a feature name. Besides the window file, each value's profile is written as a \
            whylogs segmented profile in OUTPUT-DIR/<yyyy-mm-dd>/<start>-<instance>.segments/ \
            (segment-<field>=<value>.bin.gz, the value %-escaped). Default: no segments.
            """)
    var segmentBy: String?

    @Option(
        help: """
            With --segment-by, the most values one window keeps a segment for (default 16, at most \
            1000); records of further values go to the segment __other__ \
            (serverhook_segment_overflow_total).
            """)
    var maxSegmentValues: Int?

    @Flag(help: "Serve without the hook (no windows, no request metrics): for overhead comparisons.")
    var disableHook = false

    @Option(help: .hidden)
    var portFile: String?

    @Option(help: .hidden)
    var metricsPortFile: String?

    func run() async throws {
        // A file-size limit (RLIMIT_FSIZE) must make a write fail with EFBIG, which the hook counts
        // and retries, not kill the server with SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        let settings: Settings
        do {
            settings = try Settings(self, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("wine-server: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var logger = Logger(label: "wine-server")
        logger.logLevel = settings.logLevel

        // The hook reports through swift-metrics; this process's backend is Prometheus, with the
        // hook's help texts and buckets (ServerHookPrometheusFactory), served on /metrics.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(ServerHookPrometheusFactory(registry: registry))
        let hook: ServerHook?
        do {
            let wineModel = try WineModel.load(path: settings.modelPath)
            let classifier = try settings.classifierPath.map { path throws(WineServerError) in
                try WineClassifier.load(path: path)
            }
            if settings.disableHook {
                hook = nil
            } else {
                var configuration = ServerHookConfiguration(
                    directory: settings.outputDirectory, instance: settings.instance,
                    windowSeconds: settings.windowSeconds, checkpointSeconds: settings.checkpointSeconds,
                    predictionColumn: WineFeatures.predictionColumn)
                configuration.labelColumn = WineFeatures.classifierLabelColumn
                configuration.scoreColumn = WineFeatures.classifierScoreColumn
                configuration.maxFeaturesPerRecord = WineFeatures.all.count
                configuration.segmentField = settings.segmentBy
                configuration.maxSegmentValues = settings.maxSegmentValues
                let training = try settings.trainingProfilePath.map { path throws(WineServerError) in
                    do {
                        return try DatasetProfile(file: ProfileFile(contentsOf: path))
                    } catch {
                        throw WineServerError("cannot read the training profile \(path): \(error)")
                    }
                }
                let suite = try settings.constraintsPath.map { path throws(WineServerError) in
                    do {
                        return try ConstraintSuite(contentsOf: path)
                    } catch {
                        throw WineServerError("cannot read the constraint suite \(path): \(error)")
                    }
                }
                do {
                    hook = try ServerHook(
                        configuration: configuration, trainingProfile: training, constraints: suite, logger: logger)
                } catch {
                    throw WineServerError("\(error)")
                }
            }
            let router = WineServerApplication.makeRouter(
                model: wineModel, classifier: classifier, hook: hook, registry: registry,
                metricsOnMainPort: settings.metricsPort == nil, maxBodyBytes: settings.maxBodyBytes)
            var services: [any Service] = hook.map { [ServerHookService(hook: $0)] } ?? []
            if let metricsPort = settings.metricsPort {
                services.append(
                    WineServerApplication.makeMetricsApplication(
                        host: settings.metricsHost, port: metricsPort, registry: registry, logger: logger,
                        portFile: metricsPortFile, server: settings.httpServer(),
                        maxConnections: ConnectionLimits.metricsConnections))
            }
            let host = settings.host
            let portFile = settings.portFile
            let app = Application(
                router: router,
                server: settings.httpServer(),
                configuration: .init(
                    address: .hostname(host, port: settings.port), serverName: "wine-server",
                    availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections, logger: logger)),
                services: services,
                onServerRunning: { channel in
                    let port = channel.localAddress?.port ?? 0
                    FileHandle.standardOutput.write(Data("wine-server listening on http://\(host):\(port)\n".utf8))
                    if let portFile {
                        try? "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
                    }
                },
                logger: logger)
            // SIGHUP (a closed terminal, some supervisors) is a request to stop like SIGTERM: its
            // default action would end the process without writing the open window.
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint, .sighup])
        } catch let error as WineServerError {
            FileHandle.standardError.write(Data("wine-server: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension ServeCommand {
    /// The options resolved: flag, else environment variable, else default.
    struct Settings {
        var host: String
        var port: Int
        var outputDirectory: String
        var windowSeconds: Int
        var checkpointSeconds: Int
        var trainingProfilePath: String?
        var constraintsPath: String?
        var instance: String
        var modelPath: String
        var classifierPath: String?
        var logLevel: Logger.Level
        var disableHook: Bool
        var portFile: String?
        var metricsHost: String
        var metricsPort: Int?
        var maxBodyBytes: Int
        var idleTimeoutSeconds: Int
        var requestTimeoutSeconds: Int
        var maxConnections: Int
        var segmentBy: String?
        var maxSegmentValues: Int

        init(_ command: ServeCommand, environment: [String: String]) throws(WineServerError) {
            func value(_ flag: String?, _ variable: String) -> String? {
                flag ?? environment["WINE_SERVER_\(variable)"].flatMap { $0.isEmpty ? nil : $0 }
            }
            func integer(_ flag: Int?, _ variable: String, default fallback: Int) throws(WineServerError) -> Int {
                if let flag { return flag }
                guard let text = value(nil, variable) else { return fallback }
                guard let number = Int(text) else {
                    throw WineServerError("WINE_SERVER_\(variable) must be an integer, found \"\(text)\"")
                }
                return number
            }
            host = value(command.host, "HOST") ?? "127.0.0.1"
            port = try integer(command.port, "PORT", default: 8080)
            guard (0...65_535).contains(port) else {
                throw WineServerError("the port must be 0 to 65535, found \(port)")
            }
            outputDirectory = value(command.outputDir, "OUTPUT_DIR") ?? "profiles"
            windowSeconds = try integer(command.windowSeconds, "WINDOW_SECONDS", default: 300)
            // The default checkpoint interval never exceeds a short window.
            checkpointSeconds = try integer(
                command.checkpointSeconds, "CHECKPOINT_SECONDS", default: min(10, max(1, windowSeconds)))
            let training = value(command.trainingProfile, "TRAINING_PROFILE")
            if let training {
                trainingProfilePath = training == "none" ? nil : training
            } else {
                trainingProfilePath =
                    FileManager.default.fileExists(atPath: ServeCommand.defaultTrainingProfilePath)
                    ? ServeCommand.defaultTrainingProfilePath : nil
            }
            constraintsPath = value(command.constraints, "CONSTRAINTS")
            instance = value(command.instance, "INSTANCE") ?? Self.hostInstanceName()
            modelPath = value(command.model, "MODEL") ?? ServeCommand.defaultModelPath
            if let classifier = value(command.classifier, "CLASSIFIER") {
                classifierPath = classifier == "none" ? nil : classifier
            } else {
                classifierPath =
                    FileManager.default.fileExists(atPath: ServeCommand.defaultClassifierPath)
                    ? ServeCommand.defaultClassifierPath : nil
            }
            let level = value(command.logLevel, "LOG_LEVEL") ?? "info"
            guard let parsed = Logger.Level(rawValue: level) else {
                throw WineServerError("unknown log level \"\(level)\"")
            }
            logLevel = parsed
            disableHook = command.disableHook
            portFile = command.portFile
            metricsHost = value(command.metricsHost, "METRICS_HOST") ?? host
            if command.metricsPort != nil || value(nil, "METRICS_PORT") != nil {
                let metrics = try integer(command.metricsPort, "METRICS_PORT", default: 0)
                guard (0...65_535).contains(metrics) else {
                    throw WineServerError("the metrics port must be 0 to 65535, found \(metrics)")
                }
                metricsPort = metrics
            } else {
                metricsPort = nil
            }
            maxBodyBytes = try integer(command.maxBodyBytes, "MAX_BODY_BYTES", default: 64 * 1024)
            guard maxBodyBytes >= 1024 else {
                throw WineServerError("--max-body-bytes must be at least 1024, found \(maxBodyBytes)")
            }
            idleTimeoutSeconds = try integer(command.idleTimeoutSeconds, "IDLE_TIMEOUT_SECONDS", default: 30)
            guard (1...86_400).contains(idleTimeoutSeconds) else {
                throw WineServerError("--idle-timeout-seconds must be 1 to 86400, found \(idleTimeoutSeconds)")
            }
            requestTimeoutSeconds = try integer(command.requestTimeoutSeconds, "REQUEST_TIMEOUT_SECONDS", default: 60)
            guard (1...86_400).contains(requestTimeoutSeconds) else {
                throw WineServerError("--request-timeout-seconds must be 1 to 86400, found \(requestTimeoutSeconds)")
            }
            segmentBy = value(command.segmentBy, "SEGMENT_BY")
            let fields = [WineFeatures.regionField] + WineFeatures.all.map(\.name)
            if let segmentBy, !fields.contains(segmentBy) {
                throw WineServerError(
                    "--segment-by must be one of \(fields.joined(separator: ", ")), found \"\(segmentBy)\"")
            }
            maxSegmentValues = try integer(command.maxSegmentValues, "MAX_SEGMENT_VALUES", default: 16)
            guard (1...1000).contains(maxSegmentValues) else {
                throw WineServerError("--max-segment-values must be 1 to 1000, found \(maxSegmentValues)")
            }
            let limit = ConnectionLimits.descriptorLimit()
            let inUse = ConnectionLimits.inUse()
            let budget = ConnectionLimits.budget(limit: limit, inUse: inUse, separateMetrics: metricsPort != nil)
            guard budget >= 1 else {
                let reserved = ConnectionLimits.reserved(limit: limit, inUse: inUse)
                throw WineServerError(
                    "the descriptor limit (ulimit -n) is \(limit): too low to keep \(reserved) descriptors "
                        + "(\(inUse) open or for the event loops) for the server and the hook's files and still "
                        + "accept connections; raise it")
            }
            maxConnections = try integer(
                command.maxConnections, "MAX_CONNECTIONS", default: min(ConnectionLimits.defaultCeiling, budget))
            guard (1...budget).contains(maxConnections) else {
                throw WineServerError(
                    "--max-connections must be 1 to \(budget) (the descriptor limit \(limit) less "
                        + "\(limit - budget) kept for the hook's files and the server), found \(maxConnections)")
            }
        }

        /// HTTP/1 with the idle and request timeouts.
        func httpServer() -> HTTPServerBuilder {
            let requestTimeout = TimeAmount.seconds(Int64(requestTimeoutSeconds))
            return .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestDeadlineHandler(timeout: requestTimeout)],
                    idleTimeout: .seconds(Int64(idleTimeoutSeconds))))
        }

        /// The host name reduced to file-name characters (a pod's name on Kubernetes).
        static func hostInstanceName() -> String {
            let name = ProcessInfo.processInfo.hostName
            let cleaned = String(
                name.unicodeScalars.map { scalar -> Character in
                    scalar.isASCII
                        && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                        ? Character(scalar) : "-"
                }
                .prefix(64))
            return cleaned.isEmpty || cleaned.hasPrefix(".") ? "local" : cleaned
        }
    }
}
