using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Contribution;

/// <summary>Any signed-in person suggests an edit of an entry; a moderator's edit is applied at once and kept in the history.</summary>
[Authorize]
public sealed class EditModel(TerritoryScope scope, DirectoryQueries queries, ContributionService contributions, TerritoryAccess access,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l) : EntryPageModel(scope, queries, contributions, access, users)
{
    [BindProperty] public EntryForm Input { get; set; } = new();

    [BindProperty, Display(Name = "Pourquoi ce changement ?"), PlainText(1000, Multiline = true)]
    public string? Comment { get; set; }

    public bool Moderator { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Moderator = await IsModeratorAsync(ct);
        Input = EntryForm.From(Entry);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Moderator = await IsModeratorAsync(ct);
        if (!ModelState.IsValid) return Invalid();
        var errors = new FieldErrors();
        var input = Input.ToInput(errors, key => l[key]);
        if (errors.Count == 0)
        {
            var (outcome, invalid) = await Contributions.EditAsync(id, input, Comment?.Trim() is { Length: > 0 } c ? c : null, TerritoryId, UserId!, Moderator, ct);
            if (outcome is { } done)
            {
                TempData["Flash"] = done == EditOutcome.Applied ? l["Fiche modifiée."].Value
                    : l["Merci ! Votre modification sera publiée après relecture par l'équipe du territoire."].Value;
                return Redirect(EntryPath);
            }
            errors = invalid;
        }
        AddErrors(errors, EntryForm.FieldFor);
        return Invalid();
    }
}
