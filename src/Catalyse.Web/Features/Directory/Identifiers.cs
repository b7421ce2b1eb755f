using System.Text.RegularExpressions;

namespace Catalyse.Web.Features.Directory;

/// <summary>French company and association identifiers: SIREN (9 digits), SIRET (14), RNA (W + 9).</summary>
public static partial class Identifiers
{
    public static string Clean(string? value) => new((value ?? "").Where(c => !char.IsWhiteSpace(c) && c != '.').ToArray());

    public static bool IsSiren(string value) => value.Length == 9 && value.All(char.IsAsciiDigit) && Luhn(value);

    /// <summary>14 digits, Luhn checksum (La Poste's establishments use a sum multiple of 5 instead).</summary>
    public static bool IsSiret(string value) =>
        value.Length == 14 && value.All(char.IsAsciiDigit)
        && (Luhn(value) || value.StartsWith("356000000") && value.Sum(c => c - '0') % 5 == 0);

    public static bool IsRna(string value) => RnaPattern().IsMatch(value);

    [GeneratedRegex("^W[0-9][0-9AB][0-9]{7}$")]
    private static partial Regex RnaPattern();

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
