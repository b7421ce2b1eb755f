using Catalyse.Web.Features.Territories;

namespace Catalyse.Web.Features.Participation.Eligibility;

/// <summary>
/// The identity details a signing or voting form asks for in the same step, when the person lacks them: where they
/// live (residents), or who they are in the authority's list (census). Field names are the form's.
/// </summary>
public sealed record EligibilityForm(string? PostalCode, string? Commune, string? Surname, string? GivenName, string? BirthDate)
{
    /// <summary>Records what is missing from the form; errors are keyed by the form's field names.</summary>
    public async Task<FieldErrors> CompleteAsync(EligibilityService eligibility, string userId, int territoryId, Missing missing, CancellationToken ct)
    {
        var result = new FieldErrors();
        if (missing == Missing.Residence)
            foreach (var (field, messages) in await eligibility.DeclareResidenceAsync(userId, territoryId, PostalCode, Commune, ct))
                result[field == "postalCode" ? nameof(PostalCode) : nameof(Commune)] = messages;
        else if (missing == Missing.Census)
            foreach (var (field, messages) in await eligibility.ClaimCensusAsync(userId, territoryId, Surname, GivenName, BirthDate, ct))
                result[field switch { "givenName" => nameof(GivenName), "birthDate" => nameof(BirthDate), _ => nameof(Surname) }] = messages;
        return result;
    }
}

public sealed record EligibilityFieldsView(Missing Missing, EligibilityForm Form);
