using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>
/// The authorities petitions are addressed to, public; the catalysts declare them (competences, quorum, duration, who
/// may sign, representatives) and upload the census file that the "listed" identity level checks against.
/// </summary>
public sealed class AuthoritiesModel(TerritoryScope scope, PetitionService petitions, CensusService census, TerritoryAccess access,
    CatalyseDb db, IStringLocalizer<SharedResource> l) : FormPageModel
{
    public const long MaxCensusBytes = 20 * 1024 * 1024;

    public List<PetitionAuthority> Authorities { get; private set; } = [];
    public Dictionary<int, List<string>> RepresentativeEmails { get; private set; } = [];
    public ParticipationSettings? Settings { get; private set; }
    public bool CanManage { get; private set; }
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/petitions/authorities";

    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }
    [BindProperty, Display(Name = "Nom de l'autorité"), PlainText(200)] public string? Name { get; set; }
    [BindProperty, Display(Name = "Compétences déclarées"), PlainText(20000, Multiline = true)] public string? Competences { get; set; }
    [BindProperty, Display(Name = "Seuil de signatures")] public int? Quorum { get; set; } = 2000;
    [BindProperty, Display(Name = "Durée de la collecte (jours)")] public int? DurationDays { get; set; } = 90;
    [BindProperty, Display(Name = "Qui peut signer")] public IdentityLevel? SignerLevel { get; set; } = IdentityLevel.Resident;
    [BindProperty, Display(Name = "Représentants (adresses email)"), PlainText(5000, Multiline = true)] public string? Representatives { get; set; }
    [BindProperty, Display(Name = "Fichier de la liste")] public IFormFile? CensusFile { get; set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        var territoryId = scope.TerritoryId!.Value;
        Authorities = await petitions.AuthoritiesAsync(territoryId, ct);
        CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
        if (!CanManage) return;
        var ids = Authorities.Select(a => a.Id).ToList();
        RepresentativeEmails = (await db.AuthorityRepresentatives.Where(r => ids.Contains(r.AuthorityId))
                .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.AuthorityId, u.Email }).ToListAsync(ct))
            .GroupBy(r => r.AuthorityId).ToDictionary(g => g.Key, g => g.Select(r => r.Email!).Order().ToList());
        Settings = await census.SettingsAsync(territoryId, ct);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Edit is { } id && CanManage)
        {
            if (Authorities.FirstOrDefault(a => a.Id == id) is not { } a) return NotFound();
            (Name, Competences, Quorum, DurationDays, SignerLevel) = (a.Name, string.Join('\n', a.Competences), a.Quorum, a.DurationDays, a.SignerLevel);
            Representatives = string.Join('\n', RepresentativeEmails.GetValueOrDefault(id) ?? []);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanManage) return Refused();
        if (Edit is { } id && Authorities.All(a => a.Id != id)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var (authority, errors) = await petitions.SaveAuthorityAsync(scope.TerritoryId!.Value, Edit,
            new AuthorityInput(Name, Competences, Quorum, DurationDays, SignerLevel, Representatives), ct);
        if (authority is null)
        {
            AddErrors(errors, f => char.ToUpperInvariant(f[0]) + f[1..]);
            return Invalid();
        }
        TempData["Flash"] = l["Autorité enregistrée."].Value;
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostCensusAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanManage) return Refused();
        if (CensusFile is null || CensusFile.Length == 0) ModelState.AddModelError(nameof(CensusFile), l["Choisissez un fichier CSV."]);
        else if (CensusFile.Length > MaxCensusBytes) ModelState.AddModelError(nameof(CensusFile), l["Fichier trop lourd : {0} Mo au plus.", MaxCensusBytes / 1024 / 1024]);
        if (!ModelState.IsValid) return Invalid();
        await using var stream = CensusFile!.OpenReadStream();
        var (count, errors) = await census.ReplaceAsync(scope.TerritoryId!.Value, stream, ct);
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(CensusFile));
            return Invalid();
        }
        TempData["Flash"] = l["Liste enregistrée : {0} personnes (empreintes chiffrées seulement).", count].Value;
        return Redirect(Self);
    }

    /// <summary>A signed-in person without the right gets 403; a visitor is sent to sign in.</summary>
    private IActionResult Refused() => User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
}
