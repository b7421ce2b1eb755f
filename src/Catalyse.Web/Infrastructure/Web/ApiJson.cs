using System.Text.Json;
using Catalyse.Web.Features.Territories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Infrastructure.Web;

/// <summary>Reads an API request body; malformed JSON, wrong types or invalid UTF-8 become a 400 naming the field.</summary>
public static class ApiJson
{
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest req, IStringLocalizer l, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(req.Body, TerritoriesApi.Json, ct);
            return value is null
                ? (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [l["Le corps de la requête est vide."]] }, title: l["Requête invalide"]))
                : (value, null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or System.Text.DecoderFallbackException)
        {
            var field = e is JsonException { Path: { Length: > 2 } path } ? path.TrimStart('$', '.') : "body";
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [l["Le corps de la requête n'est pas un JSON valide pour ce champ."]] },
                title: l["Requête invalide"]));
        }
    }
}
