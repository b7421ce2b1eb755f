using Catalyse.Web.Features.Participation;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>Checks shared by the marketplace's forms and API.</summary>
public static class MarketplaceInput
{
    public const int MaxThemes = 10;

    /// <summary>Themes from a list or a comma-separated text: trimmed, distinct, at most 10 of 60 characters.</summary>
    public static List<string> Themes(FieldErrors errors, IStringLocalizer l, IEnumerable<string?>? themes)
    {
        var list = (themes ?? []).SelectMany(t => (t ?? "").Split(',')).Select(t => t.Trim()).Where(t => t.Length > 0)
            .DistinctBy(MatchText.Theme).ToList();
        if (list.Count > MaxThemes) errors.Add("themes", l["{0} thèmes au plus.", MaxThemes]);
        foreach (var t in list) if (errors.Broken(l, "themes", t, 60, false)) break;
        return list.Take(MaxThemes).ToList();
    }

    public static string Text(FieldErrors errors, IStringLocalizer l, string field, string? value, int min, int max, bool multiline, string message)
    {
        var text = value?.Trim() ?? "";
        if (!errors.Broken(l, field, text, max, multiline) && text.Length < min) errors.Add(field, l[message]);
        return text;
    }

    /// <summary>A commune of the territory's perimeter (required when <paramref name="required"/>).</summary>
    public static async Task<string?> CommuneAsync(CatalyseDb db, FieldErrors errors, IStringLocalizer l, int territoryId, string? code, bool required, CancellationToken ct)
    {
        code = code?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            if (required) errors.Add("communeCode", l["Choisissez la commune concernée."]);
            return null;
        }
        if (code.Length != 5 || !await db.TerritoryCommunes.AnyAsync(c => c.TerritoryId == territoryId && c.CommuneCode == code, ct))
        {
            errors.Add("communeCode", l["Cette commune n'est pas dans le périmètre du territoire."]);
            return null;
        }
        return code;
    }

    public static string? Url(FieldErrors errors, IStringLocalizer l, string field, string? value)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        // Uri accepts spaces and markup (it escapes them): an address has neither.
        if (value.Length > 500 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"')
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add(field, l["Une adresse web commençant par http:// ou https://."]);
            return null;
        }
        return value;
    }
}
