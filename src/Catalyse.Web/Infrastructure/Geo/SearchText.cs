using System.Globalization;
using System.Text;

namespace Catalyse.Web.Infrastructure.Geo;

/// <summary>Folds text for search: lower case, no accents, punctuation as single spaces ("Saint-Étienne" → "saint etienne").</summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                space = false;
                sb.Append(c switch { 'œ' or 'Œ' => "oe", 'æ' or 'Æ' => "ae", _ => char.ToLowerInvariant(c).ToString() });
            }
            else space = true;
        }
        return sb.ToString();
    }
}
