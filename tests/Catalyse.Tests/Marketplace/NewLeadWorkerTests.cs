using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Marketplace;

/// <summary>The app with the match worker's announcements on (the shared factories turn them off) and a pass every second.</summary>
public sealed class AnnouncingFactory : CatalyseFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Catalyse:Marketplace:AnnounceNewEntries"] = "true",
        ["Catalyse:Marketplace:IndexSeconds"] = "1",
    };
}

[CollectionDefinition(Name)]
public sealed class AnnouncingCollection : ICollectionFixture<AnnouncingFactory> { public const string Name = "announcing"; }

/// <summary>
/// The background worker announces a new directory actor to the followers of a need it answers, by itself. The
/// announcement's rules are tested on both databases in <see cref="MatchingTests"/>; this checks the worker calls it
/// (the worker is the same whatever the database: SQLite only).
/// </summary>
[Collection(AnnouncingCollection.Name)]
public sealed class NewLeadWorkerTests(AnnouncingFactory factory)
{
    [Fact]
    public async Task The_worker_announces_a_new_actor_to_the_followers_of_a_need_it_answers()
    {
        var word = "zy" + Guid.NewGuid().ToString("N")[..6];
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, "grand-gueret", title: $"Réparer les vélos {word} au bourg",
            description: "Personne ne sait réparer les vélos des enfants ici.", themes: ["mobilité"]);
        // The worker's first pass starts the announcements from its own time: wait for it before the actor appears.
        await Eventually.UntilAsync(() => factory.WithDbAsync(db => db.Set<MatchSync>().AnyAsync(s => s.Name == NewMatchAlerts.EntriesSync)),
            started => started, _ => "the worker's first pass");

        await MarketplaceFixtures.EntryAsync(factory, $"Atelier {word} de réparation", "Réparation de vélos pour tous.", "Réparer son vélo", "23096", ["mobilité"]);

        await Eventually.UntilAsync(() => factory.WithDbAsync(db => db.Set<Notification>()
            .AnyAsync(n => n.UserId == need.AuthorId && n.Kind == NotificationKind.NeedNewMatch && n.Url.Contains($"/needs/{need.Id}#"))),
            told => told, _ => "the author's notification of the new actor");
    }
}
