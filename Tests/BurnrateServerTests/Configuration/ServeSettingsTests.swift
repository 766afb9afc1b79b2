import BurnrateCore
import BurnrateServer
import Foundation
import Logging
import Testing

/// `ServeSettings.resolve`: flag over environment variable over config file over default, and an
/// error naming the source of a value that cannot be used.
@Suite struct ServeSettingsTests {
    /// Resolves `flags`, `environment` and a config file of `yaml` (none when `nil`).
    static func resolve(
        _ flags: ServeFlags = ServeFlags(), environment: [String: String] = [:], file yaml: String? = nil
    ) throws -> ServeSettings {
        let file = try yaml.map { try ConfigFile.parse($0, environment: [:]) }
        return try ServeSettings.resolve(flags: flags, environment: EnvironmentVariables(environment), file: file)
    }

    @Test func nothingGivenIsTheDefaults() throws {
        let settings = try Self.resolve()
        let configuration = settings.configuration
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.logLevel == .info)
        #expect(configuration.retentionMonths == nil)
        #expect(configuration.alertInterval == .seconds(60))
        #expect(configuration.timeZone == TimeZone(identifier: "UTC"))
        #expect(!configuration.revenue.isConfigured)
        #expect(configuration.notifications.channels.isEmpty)
        #expect(configuration.publicURL == nil)
        #expect(configuration.metrics == MetricsConfiguration())
        #expect(configuration.adminKeys.isEmpty && configuration.ingestKeys.isEmpty)
        #expect(configuration.viewerKeys.isEmpty && configuration.metricsKeys.isEmpty && configuration.allowedHosts.isEmpty)
        #expect(!configuration.requiresAuthentication)
        #expect(configuration.configBudgets.isEmpty && configuration.deployments.isEmpty)
        #expect(configuration.savingsBaselines == ["openai/gpt-4o"])
        #expect(configuration.opportunitiesRefresh == .seconds(900))
        #expect(configuration.proxy.upstreams["openai"]?.baseURL == ProxySettings().upstreams["openai"]?.baseURL)
        #expect(settings.database == "burnrate.sqlite")
        #expect(settings.gpuRatesPath == nil)
    }

    @Test(arguments: PrecedenceCase.all)
    func aFlagWinsOverTheEnvironmentWhichWinsOverTheFile(_ setting: PrecedenceCase) throws {
        var flags = ServeFlags()
        setting.flag(&flags)
        let environment = [setting.variable: setting.variableValue]
        let fromFlag = try Self.resolve(flags, environment: environment, file: setting.file)
        #expect(setting.read(fromFlag) == setting.expected.flag, "the flag")
        let fromEnvironment = try Self.resolve(environment: environment, file: setting.file)
        #expect(setting.read(fromEnvironment) == setting.expected.variable, "the variable")
        if let file = setting.file {
            #expect(setting.read(try Self.resolve(file: file)) == setting.expected.file, "the file")
            // An empty variable is unset.
            #expect(setting.read(try Self.resolve(environment: [setting.variable: ""], file: file)) == setting.expected.file)
        }
        #expect(setting.read(try Self.resolve()) == setting.expected.fallback, "the default")
    }

    @Test(arguments: InvalidCase.all)
    func anUnusableValueIsAnErrorNamingItsSource(_ invalid: InvalidCase) throws {
        var flags = ServeFlags()
        invalid.flag(&flags)
        let file = try invalid.file.map { try ConfigFile.parse($0, environment: [:]) }
        let error = #expect(throws: ConfigurationError.self) {
            try ServeSettings.resolve(flags: flags, environment: EnvironmentVariables(invalid.environment), file: file)
        }
        #expect(error?.description == invalid.message)
    }

    @Test func onlyTheWinningValueIsChecked() throws {
        var flags = ServeFlags()
        flags.port = 9000
        flags.logLevel = "debug"
        let environment = ["BURNRATE_PORT": "abc", "BURNRATE_LOG_LEVEL": "loud", "BURNRATE_TIMEZONE": "UTC"]
        let settings = try Self.resolve(flags, environment: environment, file: "timezone: Mars/Olympus")
        #expect(settings.configuration.port == 9000)
        #expect(settings.configuration.logLevel == .debug)
        #expect(settings.configuration.timeZone == TimeZone(identifier: "UTC"))
    }

    @Test func keysAndHostsFromFlagsAndEnvironmentAddUp() throws {
        var flags = ServeFlags()
        flags.apiKeys = ["flag-admin-key-0123456789"]
        flags.allowedHosts = ["burnrate.example.com"]
        let environment = [
            "BURNRATE_API_KEY": "env-admin-key-0123456789, second-admin-key-0123456789",
            "BURNRATE_INGEST_KEY": "env-ingest-key-0123456789", "BURNRATE_ALLOWED_HOSTS": "proxy.internal, ,gateway",
            "BURNRATE_HOST": "0.0.0.0",
        ]
        let configuration = try Self.resolve(flags, environment: environment).configuration
        #expect(configuration.adminKeys == ["flag-admin-key-0123456789", "env-admin-key-0123456789", "second-admin-key-0123456789"])
        #expect(configuration.ingestKeys == ["env-ingest-key-0123456789"])
        #expect(configuration.allowedHosts == ["burnrate.example.com", "proxy.internal", "gateway"])
        #expect(configuration.host == "0.0.0.0")
    }

    @Test func notificationChannelsComeFromTheFileOnlyWhenNeitherFlagNorVariableGivesOne() throws {
        let file = "notifications: {webhooks: [http://127.0.0.1:9000/file], slack_webhooks: [https://hooks.slack.com/services/T/B/X]}"
        let fromFile = try Self.resolve(file: file).configuration.notifications.channels
        #expect(fromFile.map(\.name) == ["webhook", "slack"])
        var flags = ServeFlags()
        flags.webhooks = ["http://127.0.0.1:9000/flag"]
        let environment = ["BURNRATE_WEBHOOK_URL": "http://127.0.0.1:9000/a,http://127.0.0.1:9000/b"]
        let given = try Self.resolve(flags, environment: environment, file: file).configuration.notifications.channels
        #expect(given.map(\.url) == ["http://127.0.0.1:9000/flag", "http://127.0.0.1:9000/a", "http://127.0.0.1:9000/b"])
        #expect(given.map(\.name) == ["webhook", "webhook-2", "webhook-3"])
    }

    @Test func theFileOnlySectionsAndTheProxyBaseURLs() throws {
        let file = """
            budgets: [{id: all, name: All, period: monthly, amount_usd: 10}]
            savings: {baselines: [gpt-4o-mini]}
            alerts: {rules: {hourly_spike: {factor: 4}}}
            proxy: {upstreams: {openai: {base_url: "http://127.0.0.1:1/v1", api_key: sk-file}}}
            """
        var flags = ServeFlags()
        flags.openAIBaseURL = "http://127.0.0.1:2/v1"
        let environment = ["BURNRATE_ANTHROPIC_BASE_URL": "http://127.0.0.1:3"]
        let configuration = try Self.resolve(flags, environment: environment, file: file).configuration
        #expect(configuration.configBudgets.map(\.id) == ["all"])
        #expect(configuration.savingsBaselines == ["gpt-4o-mini"])
        #expect(configuration.alertRules.hourlySpike.factor == 4)
        #expect(configuration.proxy.upstreams["openai"]?.baseURL == "http://127.0.0.1:2/v1")
        #expect(configuration.proxy.upstreams["openai"]?.apiKey == "sk-file")
        #expect(configuration.proxy.upstreams["anthropic"]?.baseURL == "http://127.0.0.1:3")
    }
}
