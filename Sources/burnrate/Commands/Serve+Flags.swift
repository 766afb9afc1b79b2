import BurnrateServer

extension Serve {
    /// The command line as `ServeSettings.resolve` takes it.
    var flags: ServeFlags {
        var flags = ServeFlags()
        flags.database = ledgerOptions.database
        flags.host = host
        flags.port = port
        flags.apiKeys = apiKeys
        flags.ingestKeys = ingestKeys
        flags.viewerKeys = viewerKeys
        flags.metricsKeys = metricsKeys
        flags.allowedHosts = allowedHosts
        flags.retentionMonths = retentionMonths
        flags.logLevel = logLevel
        flags.gpuRates = gpuRates
        flags.alertInterval = alertInterval
        flags.openAIBaseURL = openaiBaseUrl
        flags.anthropicBaseURL = anthropicBaseUrl
        flags.timeZone = reportingOptions.timeZoneName
        flags.revenuePerUser = reportingOptions.revenuePerUser
        flags.revenuePerRequest = reportingOptions.revenuePerRequest
        flags.webhooks = notificationOptions.webhooks
        flags.slackWebhooks = notificationOptions.slackWebhooks
        flags.publicURL = notificationOptions.publicURL
        flags.metricsLabels = metricsOptions.metricsLabels
        flags.metricsMaxSeries = metricsOptions.metricsMaxSeries
        return flags
    }
}
