using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Petitions;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Participation;

/// <summary>
/// A fixed number of SQL commands for the petition pages and API, whatever the number of petitions, signatures and
/// authorities (no N+1). Each case gets a territory of its own (Guéret) with 3 petitions, one of them with 3
/// signatures, is measured, then gets 27 more petitions, 27 more signatures and 5 more authorities, and is measured
/// again. Budgets are what the code needs today, the same on both providers.
/// </summary>
public abstract class PetitionQueryBudgetTests(CatalyseFactory factory)
{
    /// <summary>Who asks: nobody, a resident of the perimeter who has or has not signed, the territory's catalyst, a coordinator.</summary>
    public enum Viewer { Anonymous, ResidentNotSigned, ResidentSigned, Catalyst, Coordinator }

    // Territory pages start with 1 command to resolve the slug; "role" is the person's membership in the territory
    // (network staff need none).
    public static TheoryData<string, Viewer, int> Budgets => new()
    {
        { "/t/{slug}/petitions", Viewer.Anonymous, 3 },                                  // slug, count, one page with authority names
        { "/t/{slug}/petitions?status=all&p=1", Viewer.Anonymous, 3 },
        { "/t/{slug}/petitions/{id}", Viewer.Anonymous, 2 },                             // slug, petition with authority and author names
        { "/t/{slug}/petitions/{id}?handler=Counter", Viewer.Anonymous, 2 },
        { "/t/{slug}/petitions/authorities", Viewer.Anonymous, 2 },                      // slug, authorities
        { "/api/v1/territories/{slug}/petitions", Viewer.Anonymous, 3 },                 // slug, count, one page
        { "/api/v1/territories/{slug}/petitions?status=all&pageSize=100", Viewer.Anonymous, 3 },
        { "/api/v1/territories/{slug}/petitions/{id}", Viewer.Anonymous, 2 },            // slug, petition
        { "/api/v1/territories/{slug}/petition-authorities", Viewer.Anonymous, 2 },      // slug, authorities
        { "/t/{slug}/petitions", Viewer.ResidentNotSigned, 4 },                          // + role
        // slug, petition, own signature, account, perimeter has the commune, commune has the postal code, role, representative
        { "/t/{slug}/petitions/{id}", Viewer.ResidentNotSigned, 8 },
        { "/t/{slug}/petitions/{id}", Viewer.ResidentSigned, 5 },                        // slug, petition, own signature, role, representative
        { "/t/{slug}/petitions/{id}", Viewer.Catalyst, 7 },                              // as a resident, the role answering at once
        { "/t/{slug}/petitions/authorities", Viewer.Catalyst, 5 },                       // slug, authorities, role, representatives' emails, census
        { "/t/{slug}/petitions/authorities", Viewer.Coordinator, 4 },                    // network staff: no role to read
        { "/t/{slug}/petitions", Viewer.Coordinator, 3 },
    };

    private Task<int> CommandsAsync(TestClient client, string url) => factory.CommandsAsync(client, url);

    /// <summary>A confirmed account living in Guéret, signed in.</summary>
    private async Task<(TestClient Client, string? Id)> ResidentAsync()
    {
        var email = Unique.Email("budget");
        var user = await People.CreateConfirmedAsync(factory, email);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.ResidenceCommuneCode, "23096").SetProperty(u => u.ResidencePostalCode, "23000")));
        return (await factory.SignedInAsync(email, People.Password), user.Id);
    }

    private async Task AddPetitionsAsync(PetitionAuthority authority, int count)
    {
        for (var i = 0; i < count; i++) await PetitionData.OpenPetitionAsync(factory, authority);
    }

    private async Task AddSignaturesAsync(int petitionId, int count)
    {
        foreach (var person in await PetitionData.PeopleAsync(factory, count, "23096", "23000"))
            Assert.Equal(SignOutcome.Signed, (await PetitionData.SignAsync(factory, petitionId, person)).Outcome);
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Petition_pages_stay_within_their_query_budget_and_do_not_grow_with_petitions_or_signatures(string template, Viewer viewer, int budget)
    {
        var slug = Unique.Slug("budget-petitions");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
        var authority = await PetitionData.AuthorityAsync(factory, IdentityLevel.Resident, slug: slug, representatives: "habitant@catalyse.demo");
        var petition = await PetitionData.OpenPetitionAsync(factory, authority);
        await AddPetitionsAsync(authority, 2);

        var (client, me) = viewer switch
        {
            Viewer.Anonymous => (factory.Client(), null),
            Viewer.Coordinator => (await factory.SignedInAsync("coordination@catalyse.demo"), null),
            _ => await ResidentAsync(),
        };
        using var _ = client;
        if (viewer == Viewer.ResidentSigned)
            Assert.Equal(SignOutcome.Signed, (await PetitionData.SignAsync(factory, petition.Id, me!)).Outcome);
        if (viewer == Viewer.Catalyst)
            await factory.WithDbAsync(async db =>
            {
                var territoryId = await db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
                db.Memberships.Add(new TerritoryMembership { TerritoryId = territoryId, UserId = me!, Role = TerritoryRole.Catalyst, CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            });
        await AddSignaturesAsync(petition.Id, viewer == Viewer.ResidentSigned ? 2 : 3);

        var url = template.Replace("{slug}", slug).Replace("{id}", petition.Id.ToString());
        var before = await CommandsAsync(client, url);
        Assert.True(before > 0, "The probe counted nothing: the counter is not wired.");
        Assert.True(before <= budget, $"{url} ({viewer}): {before} SQL commands, budget {budget}.");

        await AddPetitionsAsync(authority, 27);
        await AddSignaturesAsync(petition.Id, 27);
        for (var i = 0; i < 5; i++) await PetitionData.AuthorityAsync(factory, IdentityLevel.Resident, slug: slug, representatives: "habitant@catalyse.demo");
        var after = await CommandsAsync(client, url);
        Assert.True(after <= before, $"{url} ({viewer}): {before} SQL commands with 3 petitions, {after} with 30 and 30 signatures.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PetitionQueryBudgetSqliteTests(CatalyseFactory factory) : PetitionQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class PetitionQueryBudgetPostgresTests(PostgresFactory factory) : PetitionQueryBudgetTests(factory);
