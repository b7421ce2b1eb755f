using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Notifications;
using Catalyse.Web.Features.Participation.Consultations;
using Catalyse.Web.Features.Participation.Moderation;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>
/// A fixed number of SQL commands for the moderation queue, the report form and the notifications page, whatever the
/// number of reports, reported contents, suspended people and notifications (measured with 3, then 30 of each).
/// </summary>
public abstract class ModerationQueryBudgetTests(CatalyseFactory factory)
{
    public static TheoryData<string, int> Budgets => new()
    {
        // slug, account, role, count of groups, one page of groups, their reasons, proposals, comments, authors, slug again,
        // count of suspended, one page of them
        { "/t/{slug}/moderation", 12 },
        { "/t/{slug}/moderation/report/Comment/{comment}", 4 },     // slug, account, the comment with its proposal
        { "/notifications", 3 },                                    // account, count, one page
    };

    private Task<int> CommandsAsync(TestClient client, string url) => factory.CommandsAsync(client, url);

    /// <summary>A territory of its own with n proposals and n comments, each reported by n people, n suspended authors, n notifications for the viewer.</summary>
    private async Task<(string Slug, long Comment)> ArrangeAsync(int n, string viewerId)
    {
        var slug = Unique.Slug("budget-moderation");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        var people = await PetitionData.PeopleAsync(factory, n);
        var now = DateTimeOffset.UtcNow;
        using var scope = factory.Services.CreateScope();
        var consultations = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        var moderation = scope.ServiceProvider.GetRequiredService<ModerationService>();
        var (c, _) = await consultations.CreateAsync(territoryId, people[0], new ConsultationInput("Consultation du budget", "Que proposez-vous ?", "", 3, 10, now.AddDays(-1),
            new Dictionary<PhaseKind, DateTimeOffset?> { [PhaseKind.Information] = now.AddMinutes(-1), [PhaseKind.Proposals] = now.AddDays(1), [PhaseKind.Deliberation] = now.AddDays(2) }));
        long comment = 0;
        for (var i = 0; i < n; i++)
        {
            var (p, errors) = await consultations.ProposeAsync(c!.Id, people[i], new ProposalInput($"Proposition numéro {i}", "Un texte assez long pour une proposition de test.", null, null, null));
            Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
            Assert.Empty((await consultations.CommentAsync(p!.Id, people[i], $"Commentaire numéro {i}", null))!);
            comment = (await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.ProposalComments.Where(x => x.ProposalId == p.Id).Select(x => x.Id))));
            foreach (var reporter in people.Take(2))
            {
                await moderation.ReportAsync(territoryId, reporter, new ReportInput(ReportedKind.Proposal, p.Id, ReportReasonKind.Spam, null));
                await moderation.ReportAsync(territoryId, reporter, new ReportInput(ReportedKind.Comment, comment, ReportReasonKind.OffTopic, "Hors sujet"));
            }
            Assert.Empty((await moderation.BlockAsync(territoryId, people[i], "Publicités", viewerId))!);
        }
        await scope.ServiceProvider.GetRequiredService<NotificationService>().NotifyAsync(Enumerable.Repeat(viewerId, 1), NotificationKind.ProposalAnswered, "Une proposition", $"/t/{slug}/proposals/1");
        for (var i = 1; i < n; i++)
            await scope.ServiceProvider.GetRequiredService<NotificationService>().NotifyAsync([viewerId], NotificationKind.ProposalCommented, $"Proposition {i}", $"/t/{slug}/proposals/1");
        return (slug, comment);
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Moderation_and_notification_pages_stay_within_their_query_budget(string template, int budget)
    {
        // A network coordinator acts as catalyst everywhere and reads their own notifications.
        using var client = await factory.SignedInAsync("coordination@catalyse.demo");
        var viewerId = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Users.Where(u => u.Email == "coordination@catalyse.demo").Select(u => u.Id)));
        int? before = null;
        foreach (var n in new[] { 3, 30 })
        {
            var (slug, comment) = await ArrangeAsync(n, viewerId);
            var url = template.Replace("{slug}", slug).Replace("{comment}", comment.ToString());
            var count = await CommandsAsync(client, url);
            Assert.True(count > 0, "The probe counted nothing: the counter is not wired.");
            if (before is null) Assert.True(count <= budget, $"{url}: {count} SQL commands, budget {budget}.");
            else Assert.True(count <= before, $"{template}: {before} SQL commands with 3 of everything, {count} with 30.");
            before ??= count;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ModerationQueryBudgetSqliteTests(CatalyseFactory factory) : ModerationQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ModerationQueryBudgetPostgresTests(PostgresFactory factory) : ModerationQueryBudgetTests(factory);
