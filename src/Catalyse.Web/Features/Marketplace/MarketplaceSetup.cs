namespace Catalyse.Web.Features.Marketplace;

public static class MarketplaceSetup
{
    public static IServiceCollection AddMarketplace(this IServiceCollection services) =>
        services.AddScoped<MatchIndexer>().AddScoped<Matcher>().AddScoped<NewMatchAlerts>().AddScoped<NeedService>().AddScoped<OfferService>()
            .AddScoped<SolutionService>().AddScoped<IntroductionService>().AddScoped<SynonymService>().AddScoped<MarketplaceQueries>()
            .AddHostedService<MatchIndexWorker>();
}

/// <summary>
/// Reads the directory's changes into the matcher's index every <c>Catalyse:Marketplace:IndexSeconds</c> (default 30),
/// checks again the last two minutes before the watermark (changes committed out of order) and announces the new actors
/// and places to the followers of the needs they answer (at most 2,000 entries a pass); every
/// <c>Catalyse:Marketplace:ReconcileMinutes</c> (default 10) it compares the whole directory with the index.
/// </summary>
public sealed class MatchIndexWorker(IServiceScopeFactory scopes, IConfiguration config, ILogger<MatchIndexWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Catalyse:Marketplace:IndexSeconds", 30)));
        var reconcileEvery = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Catalyse:Marketplace:ReconcileMinutes", 10)));
        var reconciledAt = DateTimeOffset.MinValue;
        var announce = config.GetValue("Catalyse:Marketplace:AnnounceNewEntries", true);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var indexer = scope.ServiceProvider.GetRequiredService<MatchIndexer>();
                await indexer.CatchUpAsync(ct: stoppingToken);
                await indexer.RecheckAsync(TimeSpan.FromMinutes(2), stoppingToken);
                // New actors and places are new leads for the needs they answer: their followers hear of it.
                var alerts = scope.ServiceProvider.GetRequiredService<NewMatchAlerts>();
                for (var pass = 0; announce && pass < 10 && await alerts.AnnounceEntriesAsync(stoppingToken) == NewMatchAlerts.EntriesPerPass; pass++) { }
                if (DateTimeOffset.UtcNow - reconciledAt >= reconcileEvery)
                {
                    var fixedCount = await indexer.ReconcileAsync(ct: stoppingToken);
                    if (fixedCount > 0) log.LogInformation("Match index: {Count} directory entries re-indexed by the reconciliation", fixedCount);
                    reconciledAt = DateTimeOffset.UtcNow;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning(e, "Match index catch-up failed; next try in {Period}", period); }
            try { await Task.Delay(period, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }
}
