using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Moderation;

/// <summary>The catalysts' moderation of participation: reported proposals and comments, suspended participants.</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class IndexModel(TerritoryScope scope, ModerationQueue queue, ModerationService moderation, UserManager<Accounts.User> users,
    IStringLocalizer<SharedResource> l) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true, Name = "bp")] public int? BlockedPage { get; set; }
    public Page<ReportedItem> Reported { get; private set; } = null!;
    public Page<BlockedPerson> Blocked { get; private set; } = null!;
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/moderation";
    public Pager Pager => Reported.ToPager(BlockedPage is { } b ? $"{Self}?bp={b}" : Self);
    public Pager BlockedPager => new(Blocked.PageNumber, Blocked.PageCount, PageNumber is { } p ? $"{Self}?p={p}" : Self, "bp");

    [BindProperty] public ReportedKind? Kind { get; set; }
    [BindProperty] public long SubjectId { get; set; }
    [BindProperty, Display(Name = "Raison"), PlainText(1000, Multiline = true)] public string? Reason { get; set; }
    [BindProperty] public string? UserId { get; set; }

    private int TerritoryId => scope.TerritoryId!.Value;

    private async Task LoadAsync(CancellationToken ct)
    {
        Reported = await queue.OpenAsync(TerritoryId, PageNumber, ct);
        Blocked = await queue.BlockedAsync(TerritoryId, BlockedPage, ct);
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task<IActionResult> DoneAsync(FieldErrors? errors, LocalizedString done, CancellationToken ct)
    {
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, _ => nameof(Reason));
            await LoadAsync(ct);
            return Invalid();
        }
        TempData["Flash"] = done.Value;
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostHideAsync(CancellationToken ct) => Kind is not { } kind ? NotFound()
        : await DoneAsync(await moderation.DecideAsync(TerritoryId, kind, SubjectId, ModerationAction.Hide, Reason, users.GetUserId(User)!, ct), l["Contenu masqué."], ct);

    public async Task<IActionResult> OnPostDismissAsync(CancellationToken ct) => Kind is not { } kind ? NotFound()
        : await DoneAsync(await moderation.DecideAsync(TerritoryId, kind, SubjectId, ModerationAction.Dismiss, null, users.GetUserId(User)!, ct),
            l["Signalements rejetés : le contenu est visible."], ct);

    public async Task<IActionResult> OnPostBlockAsync(CancellationToken ct) => UserId is not { } person ? NotFound()
        : await DoneAsync(await moderation.BlockAsync(TerritoryId, person, Reason, users.GetUserId(User)!, ct), l["Participation suspendue."], ct);

    public async Task<IActionResult> OnPostUnblockAsync(CancellationToken ct)
    {
        if (UserId is not { } person || !await moderation.UnblockAsync(TerritoryId, person, ct)) return NotFound();
        TempData["Flash"] = l["Participation rétablie."].Value;
        return Redirect(Self);
    }
}
