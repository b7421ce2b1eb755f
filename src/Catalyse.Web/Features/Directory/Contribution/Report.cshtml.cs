using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Directory.Contribution;

/// <summary>Anyone, signed in or not, reports an entry to its moderators (limited per address).</summary>
public sealed class ReportModel(TerritoryScope scope, DirectoryQueries queries, ContributionService contributions, TerritoryAccess access,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : EntryPageModel(scope, queries, contributions, access, users)
{
    [BindProperty, Display(Name = "Ce qui ne va pas")] public ReportReason? Reason { get; set; }
    [BindProperty, Display(Name = "Précisez"), PlainText(2000, Multiline = true)] public string? Message { get; set; }

    public static readonly (ReportReason Reason, string Label)[] Reasons =
    [
        (ReportReason.Incorrect, "Des informations sont fausses ou dépassées"),
        (ReportReason.Closed, "Cette structure ou ce lieu n'existe plus"),
        (ReportReason.Duplicate, "C'est un doublon d'une autre fiche"),
        (ReportReason.Inappropriate, "Le contenu est inapproprié"),
        (ReportReason.Other, "Autre chose"),
    ];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Reason is not { } reason || !Enum.IsDefined(reason)) ModelState.AddModelError(nameof(Reason), l["Choisissez ce qui ne va pas."]);
        else if (reason == ReportReason.Other && string.IsNullOrWhiteSpace(Message) && ModelState.IsValid)
            ModelState.AddModelError(nameof(Message), l["Précisez ce qui ne va pas."]);
        if (!ModelState.IsValid) return Invalid();
        var created = await Contributions.ReportAsync(id, TerritoryId, ReporterKey(id), UserId, Reason!.Value, Message, ct);
        TempData["Flash"] = created ? l["Merci ! Votre signalement a été transmis à l'équipe du territoire."].Value
            : l["Vous avez déjà signalé cette fiche : l'équipe du territoire va la relire."].Value;
        return Redirect(EntryPath);
    }

    /// <summary>The signed-in person, or a one-way hash of the address, the entry and the day (no address is stored).</summary>
    private string ReporterKey(int entryId)
    {
        if (UserId is { } user) return $"u:{user}";
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{ip}|{entryId}|{clock.GetUtcNow():yyyy-MM-dd}"));
        return "a:" + Convert.ToHexString(hash)[..40];
    }
}
