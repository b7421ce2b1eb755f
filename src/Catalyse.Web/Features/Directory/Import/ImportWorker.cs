namespace Catalyse.Web.Features.Directory.Import;

/// <summary>
/// Runs confirmed imports in the background. Several app instances may run this worker: each import is claimed
/// with a conditional UPDATE (<see cref="ImportService.TryClaimAsync"/>), so only one instance runs it.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportSignal signal, ILogger<ImportWorker> log) : BackgroundService
{
    /// <summary>This instance's name in claims.</summary>
    public static readonly string Instance = $"{(Environment.MachineName.Length > 40 ? Environment.MachineName[..40] : Environment.MachineName)}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
                foreach (var id in await imports.ClaimableAsync(stoppingToken))
                {
                    if (!await imports.TryClaimAsync(id, Instance, stoppingToken)) continue;
                    using var runScope = scopes.CreateScope();
                    await runScope.ServiceProvider.GetRequiredService<ImportService>().RunAsync(id, Instance, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "Import worker: looking for imports failed"); }
            await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
        }
    }
}
