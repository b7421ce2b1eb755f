using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Participation.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>
/// A fixed number of SQL commands for the consultation and proposal pages and API, whatever the number of
/// consultations, proposals, comments (threads and replies), supports and followers (no N+1). Each case gets a
/// territory of its own (Guéret) with 3 consultations, the measured one with 3 proposals, the measured proposal with 3
/// threads of one reply each and 3 supports; it is measured, then everything grows to 30 and it is measured again.
/// Budgets are what the code needs today, the same on both providers.
/// </summary>
public abstract class ConsultationQueryBudgetTests(CatalyseFactory factory)
{
    /// <summary>Who asks: nobody, a signed-in person who supports and follows the proposal, the territory's catalyst.</summary>
    public enum Viewer { Anonymous, Resident, Catalyst }

    // Territory pages start with 1 command to resolve the slug; "role" is the person's membership in the territory.
    public static TheoryData<string, Viewer, int> Budgets => new()
    {
        { "/t/{slug}/consultations", Viewer.Anonymous, 4 },                              // slug, count, one page, its phases (split query)
        { "/t/{slug}/consultations?p=1", Viewer.Anonymous, 4 },
        { "/t/{slug}/consultations", Viewer.Resident, 5 },                               // + role
        { "/t/{slug}/consultations/{id}", Viewer.Anonymous, 4 },                         // slug, consultation with phases, count, page of proposals
        { "/t/{slug}/consultations/{id}?sort=recent", Viewer.Anonymous, 4 },
        { "/t/{slug}/consultations/{id}", Viewer.Resident, 4 },
        { "/t/{slug}/proposals/{proposal}", Viewer.Anonymous, 7 },                       // slug, proposal, consultation, author, count, threads, replies
        { "/t/{slug}/proposals/{proposal}", Viewer.Resident, 10 },                       // + own support, following, role
        { "/t/{slug}/proposals/{proposal}", Viewer.Catalyst, 10 },
        { "/api/v1/territories/{slug}/consultations", Viewer.Anonymous, 4 },             // slug, count, one page, its phases (split query)
        { "/api/v1/territories/{slug}/consultations?pageSize=100", Viewer.Anonymous, 4 },
        { "/api/v1/territories/{slug}/consultations/{id}", Viewer.Anonymous, 2 },        // slug, consultation with phases
        { "/api/v1/territories/{slug}/proposals?consultation={id}", Viewer.Anonymous, 5 }, // slug, consultation, count, page, the page's proposals
        { "/api/v1/territories/{slug}/proposals?consultation={id}&sort=recent&pageSize=100", Viewer.Anonymous, 5 },
        { "/api/v1/territories/{slug}/proposals/{proposal}", Viewer.Anonymous, 2 },      // slug, proposal
    };

    private Task<int> CommandsAsync(TestClient client, string url) => factory.CommandsAsync(client, url);

    /// <summary>A consultation of the territory in its proposals phase (deliberation after it).</summary>
    private async Task<Consultation> ConsultationAsync(string slug, string creator)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        var now = DateTimeOffset.UtcNow;
        var ends = new Dictionary<PhaseKind, DateTimeOffset?>
        {
            [PhaseKind.Information] = now.AddMinutes(-1), [PhaseKind.Proposals] = now.AddDays(1), [PhaseKind.Deliberation] = now.AddDays(3),
        };
        using var scope = factory.Services.CreateScope();
        var (c, errors) = await scope.ServiceProvider.GetRequiredService<ConsultationService>().CreateAsync(territoryId, creator,
            new ConsultationInput("Consultation mesurée", "Que proposez-vous ?", "", 3, 0, now.AddDays(-1), ends));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return c!;
    }

    /// <summary>Adds proposals to the consultation (the first one made is returned), each by another person, written directly.</summary>
    private async Task<int> AddProposalsAsync(Consultation consultation, int count)
    {
        var authors = await PetitionData.PeopleAsync(factory, count);
        return await factory.WithDbAsync(async db =>
        {
            var proposals = authors.Select((a, i) => new Proposal
            {
                TerritoryId = consultation.TerritoryId, ConsultationId = consultation.Id, AuthorId = a, Title = $"Proposition numéro {i + 1}",
                Body = "Une proposition pour mesurer les pages.", Links = ["https://example.org/plan.pdf"], SupportCount = i, CreatedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.Proposals.AddRange(proposals);
            await db.SaveChangesAsync();
            return proposals[0].Id;
        });
    }

    /// <summary>Adds threads of one reply each, supports and followers to the proposal, each by another person.</summary>
    private async Task AddDiscussionAsync(int proposalId, int count, string? supporter)
    {
        var people = await PetitionData.PeopleAsync(factory, count);
        if (supporter is not null) people[0] = supporter;
        await factory.WithDbAsync(async db =>
        {
            foreach (var person in people)
            {
                var thread = new ProposalComment { ProposalId = proposalId, AuthorId = person, Body = "Un fil de discussion.", CreatedAt = DateTimeOffset.UtcNow };
                db.ProposalComments.Add(thread);
                await db.SaveChangesAsync();
                db.ProposalComments.Add(new ProposalComment { ProposalId = proposalId, ParentId = thread.Id, AuthorId = person, Body = "Une réponse.", CreatedAt = DateTimeOffset.UtcNow });
                db.ProposalSupports.Add(new ProposalSupport { ProposalId = proposalId, UserId = person, CreatedAt = DateTimeOffset.UtcNow });
                db.ProposalFollowers.Add(new ProposalFollower { ProposalId = proposalId, UserId = person });
            }
            await db.SaveChangesAsync();
            await db.Proposals.Where(p => p.Id == proposalId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.SupportCount, p => p.SupportCount + people.Count).SetProperty(p => p.CommentCount, p => p.CommentCount + 2 * people.Count));
        });
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Consultation_pages_stay_within_their_query_budget_and_do_not_grow_with_proposals_comments_or_supports(string template, Viewer viewer, int budget)
    {
        var slug = Unique.Slug("budget-consultations");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var (client, me) = viewer == Viewer.Anonymous ? (factory.Client(), null) : await SignedInAsync();
        using var _ = client;
        if (viewer == Viewer.Catalyst)
            await factory.WithDbAsync(async db =>
            {
                var territoryId = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
                db.Memberships.Add(new TerritoryMembership { TerritoryId = territoryId, UserId = me!, Role = TerritoryRole.Catalyst, CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            });
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        var consultation = await ConsultationAsync(slug, creator);
        for (var i = 0; i < 2; i++) await ConsultationAsync(slug, creator);
        var proposal = await AddProposalsAsync(consultation, 3);
        await AddDiscussionAsync(proposal, 3, me);

        var url = template.Replace("{slug}", slug).Replace("{id}", consultation.Id.ToString()).Replace("{proposal}", proposal.ToString());
        var before = await CommandsAsync(client, url);
        Assert.True(before > 0, "The probe counted nothing: the counter is not wired.");
        Assert.True(before <= budget, $"{url} ({viewer}): {before} SQL commands, budget {budget}.");

        for (var i = 0; i < 27; i++) await ConsultationAsync(slug, creator);
        await AddProposalsAsync(consultation, 27);
        await AddDiscussionAsync(proposal, 27, null);
        var after = await CommandsAsync(client, url);
        Assert.True(after <= before, $"{url} ({viewer}): {before} SQL commands with 3 consultations, proposals, threads and supports, {after} with 30.");
    }

    private async Task<(TestClient Client, string? Id)> SignedInAsync()
    {
        var email = Unique.Email("budget");
        var user = await People.CreateConfirmedAsync(factory, email);
        return (await factory.SignedInAsync(email, People.Password), user.Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConsultationQueryBudgetSqliteTests(CatalyseFactory factory) : ConsultationQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ConsultationQueryBudgetPostgresTests(PostgresFactory factory) : ConsultationQueryBudgetTests(factory);
