using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Catalyse.Web.Features.Directory.Contribution;

/// <summary>The public history of an entry: every change with its author and date, and its creation.</summary>
public sealed class HistoryModel(TerritoryScope scope, DirectoryQueries queries, ContributionService contributions, TerritoryAccess access,
    UserManager<Accounts.User> users, ModerationQueries moderation) : EntryPageModel(scope, queries, contributions, access, users)
{
    public Page<HistoryItem> Changes { get; private set; } = null!;
    public string? CreatorName { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? p, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Changes = await moderation.HistoryAsync(id, p, ct);
        if (!Changes.HasNext) CreatorName = await moderation.AuthorNameAsync(Entry.CreatedById, ct);
        return Page();
    }

    public static string ActionLabel(ChangeAction a) => a switch
    {
        ChangeAction.Edited => "Modifiée",
        ChangeAction.SuggestionApplied => "Modification proposée et acceptée",
        ChangeAction.Published => "Publiée",
        ChangeAction.Rejected => "Refusée",
        ChangeAction.MergedInto => "Fusionnée dans la fiche {0}",
        ChangeAction.Absorbed => "A reçu la fusion de la fiche {0}",
        ChangeAction.Hidden => "Masquée",
        ChangeAction.Restored => "Republiée",
        _ => "Mise à jour par import",
    };
}
