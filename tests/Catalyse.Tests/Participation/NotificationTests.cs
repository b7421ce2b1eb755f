using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Notifications;
using Catalyse.Web.Features.Participation.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>Followers of a proposal hear of its comments and answer, in the app and in one email digest (never twice).</summary>
public abstract class NotificationTests(CatalyseFactory factory)
{
    private const string Slug = "grenoble-alpes";

    private async Task<Proposal> ProposalAsync(string author)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, Slug);
        var now = DateTimeOffset.UtcNow;
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        var (c, _) = await service.CreateAsync(territoryId, author, new ConsultationInput("Consultation suivie", "Que proposez-vous ?", "", 3, 10, now.AddDays(-1),
            new Dictionary<PhaseKind, DateTimeOffset?> { [PhaseKind.Information] = now.AddMinutes(-1), [PhaseKind.Proposals] = now.AddDays(1), [PhaseKind.Deliberation] = now.AddDays(2) }));
        var (p, errors) = await service.ProposeAsync(c!.Id, author, new ProposalInput("Un marché de producteurs le mardi", "Les producteurs des environs vendraient en circuit court.", null, null, null));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return p!;
    }

    private int MailsTo(string email) => System.IO.Directory.EnumerateFiles(factory.MailFolder, "*.eml")
        .Count(f => File.ReadAllText(f).Contains($"To: {email}", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Followers_are_told_of_comments_and_answers_and_get_one_digest_even_from_two_instances_at_once()
    {
        var (authorEmail, followerEmail, englishEmail) = (Unique.Email("auteur"), Unique.Email("suiveur"), Unique.Email("follower"));
        var author = await People.CreateConfirmedAsync(factory, authorEmail);
        var follower = await People.CreateConfirmedAsync(factory, followerEmail);
        var english = await People.CreateConfirmedAsync(factory, englishEmail);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == english.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en")));
        var proposal = await ProposalAsync(author.Id);
        using (var scope = factory.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
            Assert.True(await service.FollowAsync(proposal.Id, follower.Id, true));
            Assert.True(await service.FollowAsync(proposal.Id, english.Id, true));
            // The follower comments: the author hears of it, the follower (who wrote it) does not.
            Assert.Empty((await service.CommentAsync(proposal.Id, follower.Id, "Excellente idée, je viendrai.", null))!);
            Assert.Empty((await service.AnswerAsync(proposal.Id, new Catalyse.Web.Features.Participation.Consultations.AnswerInput(ProposalStatus.Accepted, "Le marché ouvrira en mai.", 5000, 10)))!);
        }
        var kinds = await factory.WithDbAsync(db => db.Set<Notification>().Where(n => n.Url == $"/t/{Slug}/proposals/{proposal.Id}").OrderBy(n => n.Id)
            .Select(n => new { n.UserId, n.Kind }).ToListAsync());
        Assert.Equal([NotificationKind.ProposalCommented, NotificationKind.ProposalAnswered], kinds.Where(k => k.UserId == author.Id).Select(k => k.Kind));
        Assert.Equal([NotificationKind.ProposalAnswered], kinds.Where(k => k.UserId == follower.Id).Select(k => k.Kind));

        // In the app: the follower sees the answer and clears it.
        using var client = await factory.SignedInAsync(followerEmail, People.Password);
        var page = await client.GetDocumentAsync("/notifications");
        Assert.Contains("L'autorité a répondu à la proposition « Un marché de producteurs le mardi ».", page.QuerySelector("main .entry-list")!.TextContent);
        using (var r = await client.PostFormAsync("/notifications?handler=Read")) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        // Two digests at once (two instances): one mail for the author, in French, and one for the English reader; none for
        // the follower, who read everything.
        async Task<int> Digest()
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<NotificationService>().SendDigestsAsync("https://catalyse.example");
        }
        await Task.WhenAll(Task.Run(Digest), Task.Run(Digest));
        Assert.Equal((1, 0, 1), (MailsTo(authorEmail), MailsTo(followerEmail), MailsTo(englishEmail)));
        var mail = await Mailbox.LatestToAsync(factory.MailFolder, authorEmail);
        Assert.Contains("Subject: Catalyse : 2 nouvelles", mail);
        Assert.Contains($"https://catalyse.example/t/{Slug}/proposals/{proposal.Id}", mail);
        Assert.Contains("Nouveau commentaire sur la proposition « Un marché de producteurs le mardi ».", mail);
        Assert.Contains("The authority answered the proposal “Un marché de producteurs le mardi”.", await Mailbox.LatestToAsync(factory.MailFolder, englishEmail));
        await Digest();
        Assert.Equal(1, MailsTo(authorEmail));
    }

    [Fact]
    public async Task A_support_withdrawn_gives_its_place_back_in_the_counter_and_the_allowance()
    {
        var author = (await PetitionData.PeopleAsync(factory, 1))[0];
        var proposal = await ProposalAsync(author);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        Assert.Equal(SupportOutcome.Supported, await service.SupportAsync(proposal.Id, person));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using var s = factory.Services.CreateScope();
            return await s.ServiceProvider.GetRequiredService<ConsultationService>().WithdrawSupportAsync(proposal.Id, person);
        })));
        Assert.Equal(1, outcomes.Count(o => o == SupportOutcome.Withdrawn));
        var (count, rows, used) = await factory.WithDbAsync(async db => (
            await db.Proposals.Where(p => p.Id == proposal.Id).Select(p => p.SupportCount).SingleAsync(),
            await db.ProposalSupports.CountAsync(s => s.ProposalId == proposal.Id),
            await db.SupportAllowances.Where(a => a.ConsultationId == proposal.ConsultationId && a.UserId == person).Select(a => a.Used).SingleAsync()));
        Assert.Equal((0, 0, 0), (count, rows, used));
        Assert.Equal(SupportOutcome.Supported, await service.SupportAsync(proposal.Id, person));
    }

    [Fact]
    public async Task A_suspended_person_cannot_propose_comment_support_or_file_a_petition()
    {
        var author = (await PetitionData.PeopleAsync(factory, 1))[0];
        var proposal = await ProposalAsync(author);
        var territoryId = await PetitionData.TerritoryIdAsync(factory, Slug);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var moderation = scope.ServiceProvider.GetRequiredService<Catalyse.Web.Features.Participation.Moderation.ModerationService>();
        Assert.Empty((await moderation.BlockAsync(territoryId, person, "Insultes répétées", author))!);
        var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        const string Suspended = "Votre participation dans ce territoire est suspendue par son équipe d'animation.";
        Assert.Equal(SupportOutcome.Suspended, await service.SupportAsync(proposal.Id, person));
        Assert.Contains(Suspended, (await service.CommentAsync(proposal.Id, person, "Encore un commentaire", null))!["comment"]);
        var (none, errors) = await service.ProposeAsync(proposal.ConsultationId, person, new ProposalInput("Une autre proposition", "Un texte assez long pour être une proposition.", null, null, null));
        Assert.Null(none);
        Assert.Contains(Suspended, errors["title"]);
        var authority = await PetitionData.AuthorityAsync(factory, slug: Slug);
        var (petition, perrors) = await scope.ServiceProvider.GetRequiredService<Catalyse.Web.Features.Participation.Petitions.PetitionService>().FileAsync(territoryId, person,
            new Catalyse.Web.Features.Participation.Petitions.PetitionInput(authority.Id, "Des bancs ombragés place Verdun",
                "Nous demandons l'installation de bancs à l'ombre des platanes de la place, pour les personnes âgées et les familles.", "Espaces verts"));
        Assert.Null(petition);
        Assert.Contains(Suspended, perrors["title"]);
        Assert.Equal(0, await factory.WithDbAsync(db => db.ProposalComments.CountAsync(c => c.AuthorId == person)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationSqliteTests(CatalyseFactory factory) : NotificationTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class NotificationPostgresTests(PostgresFactory factory) : NotificationTests(factory);
