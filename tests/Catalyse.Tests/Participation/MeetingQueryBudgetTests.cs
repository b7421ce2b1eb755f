using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Participation.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>
/// A fixed number of SQL commands for the meeting pages, their calendar file and API, whatever the number of meetings
/// and registrations (no N+1). Each case gets a territory of its own (Guéret) with 3 upcoming and 3 past meetings, the
/// measured one with 3 confirmed registrations and 3 waiting (capacity 3); it is measured, then everything grows to 30
/// (capacity 30) and it is measured again. Budgets are what the code needs today, the same on both providers.
/// </summary>
public abstract class MeetingQueryBudgetTests(CatalyseFactory factory)
{
    /// <summary>Who asks: nobody, a person on the waiting list, the territory's catalyst (who sees the attendance list).</summary>
    public enum Viewer { Anonymous, Waiting, Catalyst }

    // Territory pages start with 1 command to resolve the slug; "role" is the person's membership in the territory.
    public static TheoryData<string, Viewer, int> Budgets => new()
    {
        { "/t/{slug}/meetings", Viewer.Anonymous, 3 },                                   // slug, count, one page
        { "/t/{slug}/meetings?past=true", Viewer.Anonymous, 3 },
        { "/t/{slug}/meetings", Viewer.Catalyst, 4 },                                    // + role
        { "/t/{slug}/meetings/{id}", Viewer.Anonymous, 3 },                              // slug, meeting, waiting count
        { "/t/{slug}/meetings/{id}", Viewer.Waiting, 6 },                                // + own registration, position, role
        { "/t/{slug}/meetings/{id}", Viewer.Catalyst, 6 },                               // + own registration, role, attendance page
        { "/t/{slug}/meetings/{id}/calendar.ics", Viewer.Anonymous, 2 },                 // slug, meeting
        { "/api/v1/territories/{slug}/meetings", Viewer.Anonymous, 3 },                  // slug, count, one page
        { "/api/v1/territories/{slug}/meetings?pageSize=100", Viewer.Anonymous, 3 },
        { "/api/v1/territories/{slug}/meetings/{id}", Viewer.Anonymous, 2 },             // slug, meeting
    };

    private Task<int> CommandsAsync(TestClient client, string url) => factory.CommandsAsync(client, url);

    private async Task<Meeting> MeetingAsync(string slug, string creator, int capacity, bool past = false)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        var start = DateTimeOffset.UtcNow.AddDays(past ? -10 : 10);
        using var scope = factory.Services.CreateScope();
        var (m, errors) = await scope.ServiceProvider.GetRequiredService<MeetingService>().CreateAsync(territoryId, creator,
            new MeetingInput("Réunion publique mesurée", "Ordre du jour.", "Salle des fêtes", start, start.AddHours(2), capacity));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return m!;
    }

    /// <summary>Registrations written directly: the confirmed ones fill the capacity, the others wait.</summary>
    private async Task RegisterAsync(Meeting meeting, int confirmed, int waiting, string? waiter)
    {
        var people = await PetitionData.PeopleAsync(factory, confirmed + waiting);
        if (waiter is not null) people[^1] = waiter;
        await factory.WithDbAsync(async db =>
        {
            var at = DateTimeOffset.UtcNow;
            db.MeetingRegistrations.AddRange(people.Select((p, i) => new MeetingRegistration
            {
                MeetingId = meeting.Id, UserId = p, Status = i < confirmed ? RegistrationStatus.Confirmed : RegistrationStatus.Waiting, RegisteredAt = at.AddSeconds(i),
            }));
            await db.SaveChangesAsync();
            await db.Meetings.Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ConfirmedCount, m => m.ConfirmedCount + confirmed).SetProperty(m => m.Capacity, m => m.Capacity + confirmed));
        });
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Meeting_pages_stay_within_their_query_budget_and_do_not_grow_with_meetings_or_registrations(string template, Viewer viewer, int budget)
    {
        var slug = Unique.Slug("budget-meetings");
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
        var meeting = await MeetingAsync(slug, creator, 0 + 1);
        await factory.WithDbAsync(db => db.Meetings.Where(m => m.Id == meeting.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Capacity, 0)));
        for (var i = 0; i < 2; i++) await MeetingAsync(slug, creator, 50);
        for (var i = 0; i < 3; i++) await MeetingAsync(slug, creator, 50, past: true);
        await RegisterAsync(meeting, 3, 3, viewer == Viewer.Waiting ? me : null);

        var url = template.Replace("{slug}", slug).Replace("{id}", meeting.Id.ToString());
        var before = await CommandsAsync(client, url);
        Assert.True(before > 0, "The probe counted nothing: the counter is not wired.");
        Assert.True(before <= budget, $"{url} ({viewer}): {before} SQL commands, budget {budget}.");

        for (var i = 0; i < 27; i++) await MeetingAsync(slug, creator, 50);
        for (var i = 0; i < 27; i++) await MeetingAsync(slug, creator, 50, past: true);
        await RegisterAsync(meeting, 27, 27, null);
        var after = await CommandsAsync(client, url);
        Assert.True(after <= before, $"{url} ({viewer}): {before} SQL commands with 3 meetings and registrations, {after} with 30.");
    }

    private async Task<(TestClient Client, string? Id)> SignedInAsync()
    {
        var email = Unique.Email("budget");
        var user = await People.CreateConfirmedAsync(factory, email);
        return (await factory.SignedInAsync(email, People.Password), user.Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MeetingQueryBudgetSqliteTests(CatalyseFactory factory) : MeetingQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class MeetingQueryBudgetPostgresTests(PostgresFactory factory) : MeetingQueryBudgetTests(factory);
