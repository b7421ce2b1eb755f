using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Consultations;
using Catalyse.Web.Features.Participation.Moderation;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Catalyse.Tests.Participation;

/// <summary>Reports (one per person; several hide the content until a decision), decisions, suspensions, new-account limits.</summary>
public abstract class ModerationTests(CatalyseFactory factory)
{
    private const string Slug = "grenoble-alpes";

    private async Task<(int TerritoryId, Proposal Proposal, long CommentId)> ContentAsync()
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, Slug);
        var people = await PetitionData.PeopleAsync(factory, 2);
        var now = DateTimeOffset.UtcNow;
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        var (c, errors) = await service.CreateAsync(territoryId, people[0], new ConsultationInput("Consultation modérée", "Que proposez-vous ?", "", 3, 10, now.AddDays(-1),
            new Dictionary<PhaseKind, DateTimeOffset?> { [PhaseKind.Information] = now.AddMinutes(-1), [PhaseKind.Proposals] = now.AddDays(1), [PhaseKind.Deliberation] = now.AddDays(2) }));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        var (p, perrors) = await service.ProposeAsync(c!.Id, people[1], new ProposalInput("Achetez nos montres", "Des montres de luxe à prix cassés, écrivez-nous vite.", null, null, null));
        Assert.True(perrors.Count == 0, string.Join("; ", perrors.SelectMany(e => e.Value)));
        Assert.Empty((await service.CommentAsync(p!.Id, people[0], "Ceci est une publicité.", null))!);
        var comment = await factory.WithDbAsync(db => db.ProposalComments.Where(x => x.ProposalId == p.Id).Select(x => x.Id).SingleAsync());
        return (territoryId, p, comment);
    }

    private async Task<(ReportOutcome Outcome, Dictionary<string, string[]> Errors)> ReportAsync(int territoryId, string reporter, ReportedKind kind, long id,
        ReportReasonKind? reason = ReportReasonKind.Spam, string? details = null)
    {
        using var scope = factory.Services.CreateScope();
        var (outcome, errors) = await scope.ServiceProvider.GetRequiredService<ModerationService>().ReportAsync(territoryId, reporter, new ReportInput(kind, id, reason, details));
        return (outcome, errors);
    }

    private Task<string?> HiddenAsync(int proposalId) => factory.WithDbAsync(db => db.Proposals.Where(p => p.Id == proposalId).Select(p => p.HiddenReason).SingleAsync());

    [Fact]
    public async Task A_person_reporting_100_times_at_once_counts_once_and_three_people_hide_the_content_until_a_catalyst_decides()
    {
        var (territoryId, proposal, _) = await ContentAsync();
        var people = await PetitionData.PeopleAsync(factory, 3);
        var same = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => ReportAsync(territoryId, people[0], ReportedKind.Proposal, proposal.Id))));
        Assert.Equal(1, same.Count(r => r.Outcome == ReportOutcome.Reported));
        Assert.All(same, r => Assert.Contains(r.Outcome, new[] { ReportOutcome.Reported, ReportOutcome.AlreadyReported }));
        Assert.Null(await HiddenAsync(proposal.Id));
        Assert.Equal(ReportOutcome.Reported, (await ReportAsync(territoryId, people[1], ReportedKind.Proposal, proposal.Id, ReportReasonKind.Offensive)).Outcome);
        Assert.Null(await HiddenAsync(proposal.Id));
        Assert.Equal(ReportOutcome.Reported, (await ReportAsync(territoryId, people[2], ReportedKind.Proposal, proposal.Id, ReportReasonKind.Other, "Arnaque")).Outcome);
        Assert.Equal("Masqué après 3 signalements, en attente d'examen par l'équipe d'animation.", await HiddenAsync(proposal.Id));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Set<ContentReport>().CountAsync(r => r.SubjectId == proposal.Id && r.Kind == ReportedKind.Proposal)));

        // The catalyst sees it in the queue, with the reasons, and dismisses the reports: visible again.
        using var catalyst = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        var queue = await catalyst.GetDocumentAsync($"/t/{Slug}/moderation");
        var card = queue.QuerySelectorAll("li.card").Single(li => li.TextContent.Contains("Achetez nos montres"));
        Assert.Contains("3 signalements", card.TextContent);
        Assert.Contains("Arnaque", card.TextContent);
        using (var r = await catalyst.PostFormAsync($"/t/{Slug}/moderation?handler=Dismiss", ("Kind", "Proposal"), ("SubjectId", proposal.Id.ToString())))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Null(await HiddenAsync(proposal.Id));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Set<ContentReport>().CountAsync(r => r.SubjectId == proposal.Id && r.Status == ContentReportStatus.Open)));
        // Hiding needs a reason; then the proposal shows its reason only.
        using (var r = await catalyst.PostFormAsync($"/t/{Slug}/moderation?handler=Hide", ("Kind", "Proposal"), ("SubjectId", proposal.Id.ToString()), ("Reason", "")))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await catalyst.PostFormAsync($"/t/{Slug}/moderation?handler=Hide", ("Kind", "Proposal"), ("SubjectId", proposal.Id.ToString()), ("Reason", "Publicité")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("Publicité", await HiddenAsync(proposal.Id));
    }

    [Fact]
    public async Task A_report_needs_a_reason_and_content_of_the_territory()
    {
        var (territoryId, proposal, comment) = await ContentAsync();
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var (outcome, errors) = await ReportAsync(territoryId, person, ReportedKind.Comment, comment, reason: null);
        Assert.Equal(ReportOutcome.Invalid, outcome);
        Assert.Contains("Choisissez la raison du signalement.", errors["reason"]);
        Assert.Contains("Précisez ce qui ne va pas.", (await ReportAsync(territoryId, person, ReportedKind.Comment, comment, ReportReasonKind.Other)).Errors["details"]);
        var gueret = await PetitionData.TerritoryIdAsync(factory, "grand-gueret");
        Assert.Equal(ReportOutcome.NotFound, (await ReportAsync(gueret, person, ReportedKind.Proposal, proposal.Id)).Outcome);
        Assert.Equal(ReportOutcome.NotFound, (await ReportAsync(territoryId, person, ReportedKind.Comment, 999999999)).Outcome);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Set<ContentReport>().CountAsync(r => r.ReporterId == person)));
        Assert.Equal(ReportOutcome.Reported, (await ReportAsync(territoryId, person, ReportedKind.Comment, comment)).Outcome);
    }

    [Fact]
    public async Task Through_the_report_page_a_resident_reports_a_comment_once()
    {
        var (_, proposal, comment) = await ContentAsync();
        var email = Unique.Email("signale");
        await People.CreateConfirmedAsync(factory, email);
        using var resident = await factory.SignedInAsync(email, People.Password);
        var page = $"/t/{Slug}/moderation/report/Comment/{comment}";
        Assert.Contains("Ceci est une publicité.", (await resident.GetDocumentAsync(page)).QuerySelector("blockquote")!.TextContent);
        using (var r = await resident.PostFormAsync(page, ("Details", ""))) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await resident.PostFormAsync(page, ("Reason", "OffTopic")))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal($"/t/{Slug}/proposals/{proposal.Id}#comment-{comment}", r.Headers.Location!.OriginalString);
        }
        using (var r = await resident.PostFormAsync(page, ("Reason", "Spam"))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Set<ContentReport>().CountAsync(x => x.SubjectId == comment && x.Kind == ReportedKind.Comment)));
        using (var r = await factory.Client().GetAsync(page)) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode); // sign in first
        using (var r = await resident.GetAsync($"/t/grand-gueret/moderation/report/Comment/{comment}")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task A_suspended_person_and_a_new_account_over_its_allowance_may_not_post()
    {
        var (territoryId, proposal, _) = await ContentAsync();
        using var scope = factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var strict = new ModerationService(sp.GetRequiredService<CatalyseDb>(), sp.GetRequiredService<IStringLocalizer<Catalyse.Web.SharedResource>>(), TimeProvider.System,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Catalyse:Moderation:NewAccountContributions"] = "2" }).Build());
        // The proposal's author is a new account with one proposal: one more contribution allowed.
        Assert.Null(await strict.RefusalAsync(proposal.AuthorId, territoryId));
        await factory.WithDbAsync(async db =>
        {
            db.ProposalComments.Add(new ProposalComment { ProposalId = proposal.Id, AuthorId = proposal.AuthorId, Body = "Encore moi", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        Assert.Equal("Un compte de moins de 24 heures publie au plus 2 propositions et commentaires : réessayez demain.", await strict.RefusalAsync(proposal.AuthorId, territoryId));
        // An older account is not limited.
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == proposal.AuthorId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, DateTimeOffset.UtcNow.AddDays(-2))));
        Assert.Null(await strict.RefusalAsync(proposal.AuthorId, territoryId));

        using var catalyst = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        using (var r = await catalyst.PostFormAsync($"/t/{Slug}/moderation?handler=Block", ("UserId", proposal.AuthorId), ("Reason", "Publicités répétées")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("Votre participation dans ce territoire est suspendue par son équipe d'animation.", await strict.RefusalAsync(proposal.AuthorId, territoryId));
        Assert.Null(await strict.RefusalAsync(proposal.AuthorId, await PetitionData.TerritoryIdAsync(factory, "grand-gueret")));
        Assert.Contains("Publicités répétées", (await catalyst.GetDocumentAsync($"/t/{Slug}/moderation")).QuerySelector("#blocked-title ~ table")!.TextContent);
        using (var r = await catalyst.PostFormAsync($"/t/{Slug}/moderation?handler=Unblock", ("UserId", proposal.AuthorId))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Null(await strict.RefusalAsync(proposal.AuthorId, territoryId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ModerationSqliteTests(CatalyseFactory factory) : ModerationTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ModerationPostgresTests(PostgresFactory factory) : ModerationTests(factory);
