using Catalyse.Web.Features.Territories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation;

/// <summary>Small helpers of the participation API's request checks.</summary>
public static class ApiInput
{
    /// <summary>A 400 problem naming one field.</summary>
    public static ValidationProblem Invalid(IStringLocalizer l, string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: l["Requête invalide"]);

    /// <summary>An enum from its kebab-case API name ("single-choice"); false for anything else, null included.</summary>
    public static bool TryEnum<T>(string? value, out T parsed) where T : struct, Enum
    {
        parsed = Enum.GetValues<T>().FirstOrDefault(v => TerritoriesApi.Kebab(v) == value);
        return value is not null && TerritoriesApi.Kebab(parsed) == value;
    }
}
