using Catalyse.Web.Infrastructure.Web;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Import;

public static class ImportApi
{
    public sealed record ImportDto(int Id, string Status, string Source, string? FileName, string? EncodingFallback, string Delimiter,
        List<string> Header, Dictionary<string, string> Mapping, string Kind,
        int Rows, int Valid, int Invalid, int Created, int Updated, int Unchanged, int Processed, double Progress,
        List<ImportRowError> Errors, int WarningCount, List<ImportRowError> Warnings, string Format,
        string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
        double? RowsPerSecond, string Page);

    public static string StatusName(ImportStatus s) => s.ToString().ToLowerInvariant();

    public static ImportDto Dto(ImportView v, string? slug, HttpRequest req)
    {
        var mapping = v.Mapping;
        return new(v.Id, StatusName(v.Status), v.SourceName, v.FileName, v.EncodingUsed, v.Delimiter, v.Header,
            mapping.Columns.Where(c => !string.IsNullOrEmpty(c.Value)).ToDictionary(), mapping.KindColumn is { Length: > 0 } kc ? "column:" + kc : TerritoriesApi.Kebab(mapping.Kind)!,
            v.RowCount, v.ValidCount, v.InvalidCount, v.CreatedCount, v.UpdatedCount, v.Unchanged, v.ProcessedCount,
            v.RowCount == 0 ? 0 : Math.Round((double)v.ProcessedCount / v.RowCount, 4), v.Errors, v.WarningCount, v.Warnings, v.Format, v.FailureMessage,
            v.CreatedAt, v.StartedAt, v.FinishedAt, v.RowsPerSecond is { } r ? Math.Round(r) : null,
            $"{req.BaseUrl()}{ImportService.BaseUrl(slug)}/{v.Id}");
    }

    public static void MapDirectoryImportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/territories/{slug}/imports").WithTags("Directory")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/", async Task<Results<Accepted<ImportDto>, Ok<ImportDto>, ValidationProblem, ForbidHttpResult>> (HttpRequest req, bool? dryRun,
                TerritoryScope scope, TerritoryAccess access, ImportService imports, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
                ValidationProblem Problem(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors, title: l["Import refusé"]);
                if (!req.HasFormContentType)
                    return Problem(new Dictionary<string, string[]> { ["file"] = [l["Envoyez le fichier CSV ou GeoJSON en multipart/form-data, dans le champ « file »."]] });
                IFormCollection form;
                try { form = await req.ReadFormAsync(ct); }
                catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
                {
                    return Problem(new Dictionary<string, string[]> { ["file"] = [l["Le formulaire envoyé est illisible ou trop gros."]] });
                }
                if (form.Files.GetFile("file") is not { } file)
                    return Problem(new Dictionary<string, string[]> { ["file"] = [l["Envoyez le fichier CSV ou GeoJSON en multipart/form-data, dans le champ « file »."]] });
                await using var stream = file.OpenReadStream();
                var (import, errors) = await imports.UploadAsync(stream, file.Length, file.FileName, form["source"].ToString(),
                    scope.TerritoryId, users.GetUserId(req.HttpContext.User), ct);
                if (import is null) return Problem(errors);
                var mappingErrors = await imports.VerifyAsync(scope.TerritoryId, import.Id, ImportMapping.FromJson(import.MappingJson), ct);
                if (mappingErrors.Count > 0)
                    return Problem(mappingErrors.ToDictionary(e => "mapping." + e.Key, e => e.Value.Select(m => m + " " + l["Choisissez les colonnes sur la page de l'import : {0}", $"{ImportService.BaseUrl(scope.Slug)}/{import.Id}"]).ToArray()));
                if (dryRun != true) await imports.ConfirmAsync(scope.TerritoryId, import.Id, ct);
                var view = (await imports.FindAsync(scope.TerritoryId, import.Id, ct))!;
                var dto = Dto(view, scope.Slug!, req);
                return dryRun == true ? TypedResults.Ok(dto) : TypedResults.Accepted($"/api/v1/territories/{scope.Slug}/imports/{import.Id}", dto);
            })
            .DisableAntiforgery()
            .WithName("CreateTerritoryImport")
            .WithSummary("Import a CSV or GeoJSON file (FeatureCollection of Points, detected from the content) into the directory (catalyst, coordinator or admin; Bearer token): multipart field \"file\" (10 MB at most, UTF-8 or Windows-1252), optional \"source\" (e.g. tiers-lieux-2019; entries get the source key {source}:{key} and re-importing updates them). The column mapping is guessed from the header; every row is validated. ?dryRun=true only validates (200); otherwise the import runs in the background (202) and GET …/imports/{id} reports its progress.");

        group.MapGet("/{id:int}", async Task<Results<Ok<ImportDto>, ProblemHttpResult, ForbidHttpResult>> (int id, HttpRequest req, TerritoryScope scope,
                TerritoryAccess access, ImportService imports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct)) return TypedResults.Forbid();
                if (await imports.FindAsync(scope.TerritoryId, id, ct) is not { } view)
                    return TypedResults.Problem(statusCode: 404, title: l["Import introuvable"], detail: l["Aucun import n° {0} dans ce territoire.", id]);
                return TypedResults.Ok(Dto(view, scope.Slug!, req));
            })
            .WithName("GetTerritoryImport")
            .WithSummary("Status (uploaded, validated, running, done, failed), progress (processed / rows), counts, the first 500 row errors (line, field, message: the row is refused) and warnings (an invalid optional field left out, a merged commune moved to the current one: the row is imported) of an import. For GeoJSON the line is the feature's number, from 1.");
    }
}
