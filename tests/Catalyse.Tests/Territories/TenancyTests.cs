using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Territories;

/// <summary>
/// One territory never reads another's rows: scoping is a global query filter in the data access,
/// and the pages of a territory refuse the catalyst of another one.
/// </summary>
public abstract class TenancyTests(CatalyseFactory factory)
{
    private static readonly string GrenobleCatalyst = DemoNetwork.Accounts[3].Email;

    private Task<(int Id, string Name)> TerritoryAsync(string slug) =>
        factory.WithDbAsync(async db => await db.Territories.Where(t => t.Slug == slug).Select(t => new ValueTuple<int, string>(t.Id, t.Name)).SingleAsync());

    /// <summary>A fresh DI scope whose <see cref="TerritoryScope"/> is entered for the given territory, as the middleware does.</summary>
    private async Task<(IServiceScope Scope, CatalyseDb Db)> ScopedToAsync(string slug)
    {
        var (id, name) = await TerritoryAsync(slug);
        var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TerritoryScope>().Enter(id, slug, name);
        return (scope, scope.ServiceProvider.GetRequiredService<CatalyseDb>());
    }

    [Fact]
    public async Task Inside_territory_A_the_rows_of_territory_B_are_not_returned_even_when_asked_for()
    {
        var (a, _) = await TerritoryAsync("grand-gueret");
        var (b, _) = await TerritoryAsync("grenoble-alpes");

        // Unscoped, both territories' rows exist: the filter below is what hides them.
        using (var open = factory.Services.CreateScope())
        {
            var db = open.ServiceProvider.GetRequiredService<CatalyseDb>();
            Assert.True(await db.Memberships.AnyAsync(m => m.TerritoryId == b));
            Assert.True(await db.ProgrammeSteps.AnyAsync(s => s.TerritoryId == b));
            Assert.True(await db.PerimeterItems.AnyAsync(p => p.TerritoryId == b));
            Assert.True(await db.TerritoryCommunes.AnyAsync(c => c.TerritoryId == b));
        }

        var (scope, scoped) = await ScopedToAsync("grand-gueret");
        using (scope)
        {
            Assert.All(await scoped.Memberships.ToListAsync(), m => Assert.Equal(a, m.TerritoryId));
            Assert.All(await scoped.ProgrammeSteps.ToListAsync(), s => Assert.Equal(a, s.TerritoryId));
            Assert.All(await scoped.PerimeterItems.ToListAsync(), p => Assert.Equal(a, p.TerritoryId));
            Assert.All(await scoped.TerritoryCommunes.ToListAsync(), c => Assert.Equal(a, c.TerritoryId));
            Assert.All(await scoped.Invitations.ToListAsync(), i => Assert.Equal(a, i.TerritoryId));
            Assert.Equal(7, await scoped.ProgrammeSteps.CountAsync());
            Assert.NotEmpty(await scoped.Memberships.ToListAsync());

            // Asking for B explicitly, by id or through a join, still returns nothing.
            Assert.Empty(await scoped.Memberships.Where(m => m.TerritoryId == b).ToListAsync());
            Assert.Empty(await scoped.ProgrammeSteps.Where(s => s.TerritoryId == b).ToListAsync());
            Assert.Empty(await scoped.PerimeterItems.Where(p => p.TerritoryId == b).ToListAsync());
            Assert.Equal(0, await scoped.TerritoryCommunes.CountAsync(c => c.TerritoryId == b));
            Assert.Empty(await scoped.Territories.Where(t => t.Id == b).SelectMany(t => t.ProgrammeSteps).ToListAsync());
            Assert.Null(await scoped.Memberships.FirstOrDefaultAsync(m => m.User!.Email == GrenobleCatalyst));
            var stepOfB = await factory.WithDbAsync(db => db.ProgrammeSteps.Where(s => s.TerritoryId == b).Select(s => s.Id).FirstAsync());
            Assert.Null(await scoped.ProgrammeSteps.FindAsync(stepOfB));
        }
    }

    [Fact]
    public async Task A_bulk_update_inside_territory_A_cannot_touch_territory_B()
    {
        var slugA = Unique.Slug("tenant-a");
        var slugB = Unique.Slug("tenant-b");
        await TerritoryBuilder.CreateAsync(factory, slugA);
        await TerritoryBuilder.CreateAsync(factory, slugB);
        var (b, _) = await TerritoryAsync(slugB);

        var (scope, scoped) = await ScopedToAsync(slugA);
        using (scope)
        {
            var updated = await scoped.ProgrammeSteps.ExecuteUpdateAsync(s => s.SetProperty(x => x.Notes, "touché"));
            Assert.Equal(7, updated);
            Assert.Equal(0, await scoped.ProgrammeSteps.Where(s => s.TerritoryId == b).ExecuteDeleteAsync());
        }
        var notesOfB = await factory.WithDbAsync(db => db.ProgrammeSteps.Where(s => s.TerritoryId == b).Select(s => s.Notes).ToListAsync());
        Assert.Equal(7, notesOfB.Count);
        Assert.All(notesOfB, n => Assert.Equal("", n));
    }

    [Fact]
    public void A_request_belongs_to_one_territory_only()
    {
        using var scope = factory.Services.CreateScope();
        var territoryScope = scope.ServiceProvider.GetRequiredService<TerritoryScope>();
        territoryScope.Enter(1, "a", "A");
        territoryScope.Enter(1, "a", "A");
        Assert.Throws<InvalidOperationException>(() => territoryScope.Enter(2, "b", "B"));
        Assert.Equal(1, territoryScope.TerritoryId);
    }

    /// <summary>A refusal is a 403 answered in place, with the friendly "access denied" page.</summary>
    private static async Task AssertForbiddenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Accès refusé", TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent.Trim());
    }

    [Theory]
    [InlineData("/t/grand-gueret/team")]
    [InlineData("/t/grand-gueret/programme/1/edit")]
    [InlineData("/t/grand-gueret/programme/7/edit")]
    public async Task The_catalyst_of_another_territory_is_refused_the_management_pages(string url)
    {
        using var grenoble = await factory.SignedInAsync(GrenobleCatalyst);
        // Own territory: allowed.
        Assert.Equal(HttpStatusCode.OK, (await grenoble.GetAsync(url.Replace("grand-gueret", "grenoble-alpes"))).StatusCode);
        await AssertForbiddenAsync(await grenoble.GetAsync(url));
    }

    [Fact]
    public async Task A_member_and_a_resident_are_refused_the_management_pages_too()
    {
        foreach (var email in new[] { DemoNetwork.Accounts[5].Email, DemoNetwork.Accounts[6].Email })
        {
            using var client = await factory.SignedInAsync(email);
            await AssertForbiddenAsync(await client.GetAsync("/t/grand-gueret/team"));
            await AssertForbiddenAsync(await client.GetAsync("/t/grand-gueret/programme/1/edit"));
        }
    }

    [Fact]
    public async Task The_catalyst_of_another_territory_cannot_edit_a_step_and_nothing_changes()
    {
        var (gueret, _) = await TerritoryAsync("grand-gueret");
        var before = await factory.WithDbAsync(db => db.ProgrammeSteps.AsNoTracking().SingleAsync(s => s.TerritoryId == gueret && s.Number == 3));

        using var grenoble = await factory.SignedInAsync(GrenobleCatalyst);
        var response = await grenoble.PostFormAsync("/t/grand-gueret/programme/3/edit",
            ("Input.Status", "Done"), ("Input.StartDate", "2026-01-01"), ("Input.DueDate", "2026-02-01"),
            ("Input.Deliverables", "Écrit par un autre territoire"), ("Input.Notes", "intrusion"));
        await AssertForbiddenAsync(response);

        var after = await factory.WithDbAsync(db => db.ProgrammeSteps.AsNoTracking().SingleAsync(s => s.TerritoryId == gueret && s.Number == 3));
        Assert.Equal((before.Status, before.StartDate, before.DueDate, before.Deliverables, before.Notes, before.UpdatedAt, before.UpdatedBy),
            (after.Status, after.StartDate, after.DueDate, after.Deliverables, after.Notes, after.UpdatedAt, after.UpdatedBy));
    }

    [Fact]
    public async Task The_catalyst_of_another_territory_cannot_invite_change_roles_or_remove_people()
    {
        var (gueret, _) = await TerritoryAsync("grand-gueret");
        var member = await factory.WithDbAsync(db => db.Memberships.AsNoTracking()
            .SingleAsync(m => m.TerritoryId == gueret && m.User!.Email == DemoNetwork.Accounts[5].Email));
        var invitationsBefore = await factory.WithDbAsync(db => db.Invitations.CountAsync(i => i.TerritoryId == gueret));
        var email = Unique.Email("intrus");

        using var grenoble = await factory.SignedInAsync(GrenobleCatalyst);
        await AssertForbiddenAsync(await grenoble.PostFormAsync("/t/grand-gueret/team?handler=Invite",
            ("Input.Email", email), ("Input.Role", "Catalyst")));
        await AssertForbiddenAsync(await grenoble.PostFormAsync($"/t/grand-gueret/team?handler=Role&id={member.Id}", ("role", "Catalyst")));
        await AssertForbiddenAsync(await grenoble.PostFormAsync($"/t/grand-gueret/team?handler=Remove&id={member.Id}"));

        // Through its own territory's URL, the id of another territory's membership is not found either.
        var viaOwn = await grenoble.PostFormAsync($"/t/grenoble-alpes/team?handler=Remove&id={member.Id}");
        Assert.Equal(HttpStatusCode.NotFound, viaOwn.StatusCode);
        var roleViaOwn = await grenoble.PostFormAsync($"/t/grenoble-alpes/team?handler=Role&id={member.Id}", ("role", "Catalyst"));
        Assert.Equal(HttpStatusCode.BadRequest, roleViaOwn.StatusCode);

        var after = await factory.WithDbAsync(db => db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.Id == member.Id));
        Assert.NotNull(after);
        Assert.Equal(TerritoryRole.Member, after!.Role);
        Assert.Equal(invitationsBefore, await factory.WithDbAsync(db => db.Invitations.CountAsync(i => i.TerritoryId == gueret)));
        Assert.DoesNotContain(System.IO.Directory.EnumerateFiles(factory.MailFolder, "*.eml"), f => File.ReadAllText(f).Contains(email));
    }

    [Fact]
    public async Task The_team_page_lists_only_the_people_of_its_territory()
    {
        using var gueretCatalyst = await factory.SignedInAsync(DemoNetwork.Accounts[2].Email);
        var doc = await gueretCatalyst.GetDocumentAsync("/t/grand-gueret/team");
        var emails = doc.QuerySelectorAll("table tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains(DemoNetwork.Accounts[2].Email, emails);
        Assert.Contains(DemoNetwork.Accounts[5].Email, emails);
        Assert.DoesNotContain(GrenobleCatalyst, emails);
        Assert.DoesNotContain(DemoNetwork.Accounts[4].Email, emails);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TenancySqliteTests(CatalyseFactory factory) : TenancyTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class TenancyPostgresTests(PostgresFactory factory) : TenancyTests(factory);
