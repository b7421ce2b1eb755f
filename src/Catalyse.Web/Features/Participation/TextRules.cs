using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation;

public static class TextRules
{
    /// <summary>The shared text rules (no markup, no control characters, length) on a service's input; true when the value broke one.</summary>
    public static bool Broken(this FieldErrors errors, IStringLocalizer l, string field, string? value, int max, bool multiline)
    {
        if (InputRules.Check(value, false, max, multiline) is not { } key) return false;
        errors.Add(field, InputRules.Format(l, key, max));
        return true;
    }
}
