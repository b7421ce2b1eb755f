using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Directory.Import;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Notifications;
using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Web;
using Scalar.AspNetCore;

// `verify-log <file.csv> [method]`: recount an exported public log offline, with no server nor database.
if (args is ["verify-log", var logFile, ..] && args.Length <= 3)
    return LogVerifierCommand.Run(logFile, Console.Out,
        args.Length == 3 && Enum.TryParse<Catalyse.Web.Features.Participation.Votes.VoteMethod>(args[2], true, out var method) ? method : null);

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCatalyseDatabase(builder.Configuration);
builder.Services.AddCatalyseIdentity(builder.Configuration);
builder.Services.AddCatalyseWeb(builder.Configuration);
builder.Services.AddTerritories();
builder.Services.AddMemberships();
builder.Services.AddDemo();
builder.Services.AddDirectory();
builder.Services.AddParticipation();
builder.Services.AddNotifications();
builder.Services.AddMarketplace();

var app = builder.Build();

await app.InitialiseAsync();

app.UseCatalysePipeline();

app.MapRazorPages();
app.MapHealthChecks("/health");
app.MapOpenApi();
app.MapScalarApiReference("/api-docs", o => o.WithTitle("Catalyse API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapCultureSwitch();
app.MapGeoEndpoints();
app.MapTerritoriesApi();
app.MapTerritoryMapData();
app.MapDirectoryApi();
app.MapDirectoryExport();
app.MapDirectoryImportApi();
app.MapParticipationApi();
app.MapMarketplaceApi();

app.Run();
return 0;

/// <summary>Entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
