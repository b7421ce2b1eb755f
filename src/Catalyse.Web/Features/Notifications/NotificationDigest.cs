namespace Catalyse.Web.Features.Notifications;

/// <summary>
/// Sends the email digests in the background, every <c>Catalyse:Notifications:DigestMinutes</c> (60 by default; 0 turns
/// them off). Links in the mails start with <c>Catalyse:PublicUrl</c>.
/// </summary>
public sealed class NotificationDigest(IServiceScopeFactory scopes, IConfiguration config, ILogger<NotificationDigest> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = config.GetValue("Catalyse:Notifications:DigestMinutes", 60);
        if (minutes <= 0) return;
        var baseUrl = (config["Catalyse:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var sent = await scope.ServiceProvider.GetRequiredService<NotificationService>().SendDigestsAsync(baseUrl, ct: stoppingToken);
                if (sent > 0) log.LogInformation("{Count} notification digests sent", sent);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Notification digests failed"); }
        }
    }
}
