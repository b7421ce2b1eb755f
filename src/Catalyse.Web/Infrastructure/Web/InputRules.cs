using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Infrastructure.Web;

/// <summary>
/// The checks every free-text field goes through, in forms and in the API alike: required, length,
/// well-formed Unicode, no control characters, no markup or script. Returns a French message key
/// (localised by the caller) or null.
/// </summary>
public static partial class InputRules
{
    /// <param name="allowMarkup">For values that are never displayed (passwords): any well-formed text.</param>
    public static string? Check(string? value, bool required, int maxLength, bool multiline = false, bool allowMarkup = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            return required ? "Ce champ est obligatoire." : null;
        if (value.Length > maxLength)
            return "Ce champ ne doit pas dépasser {0} caractères.";
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c) || c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF')
                return "Ce champ contient des caractères invalides.";
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
                return "Ce champ contient des caractères invalides.";
        }
        if (!allowMarkup && Markup().IsMatch(value))
            return "Ce champ ne doit contenir ni balise HTML ni script.";
        return null;
    }

    /// <summary>
    /// Looks like an HTML tag, a comment, an entity-encoded tag or a script URI. A tag starts right after
    /// "&lt;" (HTML parsers read "a &lt; b" as text), so comparisons in free text stay allowed.
    /// </summary>
    [GeneratedRegex(@"<[a-zA-Z/!?]|&lt;[a-zA-Z/]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html|\bon[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    public static string Format(IStringLocalizer l, string key, int maxLength) => l[key, maxLength];
}

/// <summary>Applies <see cref="InputRules"/> to a form field, with a localised message.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute(int maxLength) : ValidationAttribute
{
    public bool Required { get; init; }
    public bool Multiline { get; init; }
    /// <summary>For values that are never displayed (passwords): "&lt;" and the like are allowed, broken Unicode is not.</summary>
    public bool AllowMarkup { get; init; }
    public int MaxLength => maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        var key = value switch
        {
            null => InputRules.Check(null, Required, maxLength, Multiline, AllowMarkup),
            string s => InputRules.Check(s, Required, maxLength, Multiline, AllowMarkup),
            IEnumerable<string> list => list.Select(s => InputRules.Check(s, false, maxLength, Multiline, AllowMarkup)).FirstOrDefault(k => k != null),
            _ => null,
        };
        if (key is null) return ValidationResult.Success;
        var l = context.GetService(typeof(IStringLocalizer<SharedResource>)) as IStringLocalizer;
        var message = l is null ? string.Format(key, maxLength) : InputRules.Format(l, key, maxLength);
        return new ValidationResult(message, context.MemberName is null ? null : [context.MemberName]);
    }
}
