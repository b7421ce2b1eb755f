using Catalyse.Web.Features.Directory.Import;

namespace Catalyse.Web.Features.Directory;

public static class DirectorySetup
{
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddScoped<DirectoryService>().AddScoped<DirectoryQueries>().AddScoped<DirectoryFeed>().AddSingleton<SdgCatalog>();
        services.AddScoped<Contribution.ContributionService>().AddScoped<Contribution.ModerationQueries>();
        services.AddScoped<ImportService>().AddSingleton<ImportSignal>().AddSingleton<CommuneTable>().AddHostedService<ImportWorker>();
        return services;
    }
}
