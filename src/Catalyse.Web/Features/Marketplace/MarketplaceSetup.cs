namespace Catalyse.Web.Features.Marketplace;

public static class MarketplaceSetup
{
    public static IServiceCollection AddMarketplace(this IServiceCollection services) =>
        services.AddScoped<MatchIndexer>().AddScoped<Matcher>().AddScoped<NewMatchAlerts>().AddScoped<NeedService>().AddScoped<OfferService>()
            .AddScoped<SolutionService>().AddScoped<IntroductionService>().AddScoped<SynonymService>().AddScoped<MarketplaceQueries>()
            .AddHostedService<MatchIndexWorker>();
}

/// <summary>Reads the directory's changes into the matcher's index every <c>Catalyse:Marketplace:IndexSeconds</c> (default 30).</summary>
public sealed class MatchIndexWorker(IServiceScopeFactory scopes, IConfiguration config, ILogger<MatchIndexWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Catalyse:Marketplace:IndexSeconds", 30)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<MatchIndexer>().CatchUpAsync(ct: stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning(e, "Match index catch-up failed; next try in {Period}", period); }
            try { await Task.Delay(period, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }
}
