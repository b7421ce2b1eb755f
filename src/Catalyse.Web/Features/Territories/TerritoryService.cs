using System.Text.RegularExpressions;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Territories;

public sealed record PerimeterInput(
    List<string>? Regions = null, List<string>? Departements = null, List<string>? Epci = null, List<string>? Communes = null)
{
    public IReadOnlyList<(PerimeterKind Kind, string Code)> Items() =>
        (Regions ?? []).Select(c => (PerimeterKind.Region, (c ?? "").Trim()))
            .Concat((Departements ?? []).Select(c => (PerimeterKind.Departement, (c ?? "").Trim().ToUpperInvariant())))
            .Concat((Epci ?? []).Select(c => (PerimeterKind.Epci, (c ?? "").Trim())))
            .Concat((Communes ?? []).Select(c => (PerimeterKind.Commune, (c ?? "").Trim().ToUpperInvariant())))
            .ToList();

    public static PerimeterInput FromKeys(IEnumerable<string> keys)
    {
        var input = new PerimeterInput([], [], [], []);
        foreach (var key in keys)
        {
            if (!GeoPlace.TryParseKey(key, out var kind, out var code)) continue;
            (kind switch
            {
                PerimeterKind.Region => input.Regions!, PerimeterKind.Departement => input.Departements!,
                PerimeterKind.Epci => input.Epci!, _ => input.Communes!,
            }).Add(code);
        }
        return input;
    }
}

public sealed record NewTerritory(
    string? Name, string? Slug, string? Description, List<string>? Themes,
    TerritoryType? Type, TerritoryModel? Model, PerimeterInput? Perimeter);

/// <summary>Field errors keyed by the API's field names ("slug", "perimeter.epci[0]").</summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public void Add(string field, string message) =>
        this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}

/// <summary>The public service of the Territories feature: other features read territories through it.</summary>
public sealed partial class TerritoryService(CatalyseDb db, GeoService geo, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const int MaxPerimeterItems = 2000;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    public Task<Territory?> FindAsync(string slug, CancellationToken ct = default) =>
        db.Territories.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, ct);

    public async Task<(Territory? Territory, FieldErrors Errors)> CreateAsync(NewTerritory input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var themes = CheckDetails(errors, input.Name, input.Description, input.Themes, input.Type, input.Model);
        var slug = (input.Slug ?? "").Trim();
        Check(errors, "slug", slug, true, 60);
        if (!errors.ContainsKey("slug"))
        {
            if (slug.Length < 3 || !SlugPattern().IsMatch(slug))
                errors.Add("slug", l["L'identifiant ne peut contenir que des lettres minuscules non accentuées, des chiffres et des tirets (3 à 60 caractères)."]);
            else if (await db.Territories.AnyAsync(t => t.Slug == slug, ct))
                errors.Add("slug", l["Un territoire utilise déjà cet identifiant."]);
        }

        var items = (input.Perimeter ?? new PerimeterInput()).Items();
        ResolvedPerimeter? resolved = null;
        if (items.Count == 0) errors.Add("perimeter", l["Choisissez au moins une région, un département, un EPCI ou une commune."]);
        else if (items.Count > MaxPerimeterItems) errors.Add("perimeter", l["Le périmètre compte trop d'éléments."]);
        else
        {
            resolved = await geo.ResolveAsync(items, ct);
            foreach (var (kind, index, code) in resolved.Unknown)
                errors.Add($"perimeter.{FieldName(kind)}[{index}]", l["Code inconnu : {0}", Truncate(code)]);
            if (resolved.Unknown.Count == 0 && resolved.CommuneCodes.Count == 0)
                errors.Add("perimeter", l["Ce périmètre ne contient aucune commune."]);
        }
        if (errors.Count > 0 || resolved is null) return (null, errors);

        var territory = new Territory
        {
            Slug = slug, Name = input.Name!.Trim(), Description = input.Description?.Trim() ?? "", Themes = themes,
            Type = input.Type, Model = input.Model, CreatedAt = clock.GetUtcNow(),
            Population = resolved.Population, CommuneCount = resolved.CommuneCodes.Count,
            PerimeterItems = resolved.Items.Select(i => new PerimeterItem { Kind = i.Kind, Code = i.Code }).ToList(),
            ProgrammeSteps = ProgrammeStep.NewProgramme(),
            Communes = resolved.CommuneCodes.Select(c => new TerritoryCommune { CommuneCode = c }).ToList(),
        };
        db.Territories.Add(territory);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another request creating the same slug: the unique index decided.
            db.ChangeTracker.Clear();
            if (!await db.Territories.AnyAsync(t => t.Slug == slug, ct)) throw;
            errors.Add("slug", l["Un territoire utilise déjà cet identifiant."]);
            return (null, errors);
        }
        return (territory, errors);
    }

    /// <summary>The catalyst edits the presentation of the territory (the perimeter and slug stay).</summary>
    public async Task<FieldErrors> UpdateDetailsAsync(int territoryId, string? name, string? description, List<string>? themes,
        TerritoryType? type, TerritoryModel? model, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var cleanThemes = CheckDetails(errors, name, description, themes, type, model);
        if (errors.Count > 0) return errors;
        var territory = await db.Territories.FirstAsync(t => t.Id == territoryId, ct);
        territory.Name = name!.Trim();
        territory.Description = description?.Trim() ?? "";
        territory.Themes = cleanThemes;
        territory.Type = type;
        territory.Model = model;
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Rules shared by creation and edition; returns the cleaned themes.</summary>
    private List<string> CheckDetails(FieldErrors errors, string? name, string? description, List<string>? themes,
        TerritoryType? type, TerritoryModel? model)
    {
        Check(errors, "name", name, true, 200);
        Check(errors, "description", description, false, 5000, multiline: true);
        var clean = (themes ?? []).Select(t => t?.Trim() ?? "").Where(t => t.Length > 0).Distinct().ToList();
        if (clean.Count > 20) errors.Add("themes", l["Vingt thèmes au plus."]);
        for (var i = 0; i < clean.Count && i < 20; i++) Check(errors, $"themes[{i}]", clean[i], false, 100);
        if (type is { } t && !Enum.IsDefined(t)) errors.Add("type", l["Type de territoire inconnu."]);
        if (model is { } m && !Enum.IsDefined(m)) errors.Add("model", l["Modèle de territoire inconnu."]);
        return clean;
    }

    private void Check(FieldErrors errors, string field, string? value, bool required, int max, bool multiline = false)
    {
        var key = InputRules.Check(value, required, max, multiline);
        if (key is not null) errors.Add(field, InputRules.Format(l, key, max));
    }

    private static string FieldName(PerimeterKind kind) => kind switch
    {
        PerimeterKind.Region => "regions", PerimeterKind.Departement => "departements",
        PerimeterKind.Epci => "epci", _ => "communes",
    };

    private static string Truncate(string s) => s.Length > 12 ? s[..12] + "…" : s;

    public Task<List<string>> CommuneCodesAsync(int territoryId, CancellationToken ct = default) =>
        db.TerritoryCommunes.IgnoreQueryFilters().Where(c => c.TerritoryId == territoryId)
            .OrderBy(c => c.CommuneCode).Select(c => c.CommuneCode).ToListAsync(ct);
}
