using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Marketplace;

/// <summary>French text analysis of the matcher: accents, plurals, stems, stop words, pairs.</summary>
public sealed class MatchTextTests
{
    [Theory]
    [InlineData("Personnes âgées", "personne agée")]
    [InlineData("AÎNÉS", "aîné")]
    [InlineData("les épiceries solidaires", "épicerie solidaire")]
    [InlineData("Mobilités", "mobilité")]
    public void Accents_case_plurals_and_stop_words_do_not_change_the_stems(string a, string b) =>
        Assert.Equal(MatchText.Words(b).Select(w => w.Stem), MatchText.Words(a).Select(w => w.Stem));

    [Fact]
    public void Stop_words_and_elisions_are_dropped_and_the_written_word_is_kept_for_reasons()
    {
        var words = MatchText.Words("L'isolement des personnes d'un village");
        Assert.Equal(["isolement", "personnes", "village"], words.Select(w => w.Written));
    }

    [Fact]
    public void A_text_gives_its_stems_and_the_pairs_of_neighbouring_stems_with_the_best_weight()
    {
        var terms = new Dictionary<string, short>();
        MatchText.AddTerms(terms, "Personnes âgées isolées", 1);
        MatchText.AddTerms(terms, "personnes âgées", 3);
        var person = MatchText.Stem("personnes");
        var old = MatchText.Stem("agees");
        Assert.Equal(3, terms[person]);
        Assert.Equal(3, terms[MatchText.Pair(person, old)]);
        Assert.Equal(1, terms[MatchText.Pair(old, MatchText.Stem("isolees"))]);
    }

    [Fact]
    public void A_synonym_found_as_a_phrase_adds_the_other_terms_of_its_group_as_phrases()
    {
        var synonyms = new Synonyms(["personnes âgées ~ seniors ~ aînés", "# a comment ~ ignored", "perte d'autonomie ~ dépendance"]);
        var added = synonyms.Expand(MatchText.Words("Visites aux seniors en perte d'autonomie"));
        var person = MatchText.Stem("personnes");
        Assert.Contains(added, t => t.Term == MatchText.Pair(person, MatchText.Stem("agees")) && t.Because == new SynonymUse("seniors", "personnes âgées"));
        Assert.Contains(added, t => t.Term == MatchText.Stem("aines"));
        Assert.Contains(added, t => t.Term == MatchText.Stem("dependance") && t.Because.Found == "perte d'autonomie");
        // "personnes" alone is not "personnes âgées": no expansion.
        Assert.Empty(synonyms.Expand(MatchText.Words("des personnes du quartier")));
    }

    [Fact]
    public void The_network_default_list_is_shipped_with_the_app() =>
        Assert.True(new Synonyms(Synonyms.DefaultLines.Value).Count >= 40);
}

/// <summary>
/// The matcher against the database: solutions from other territories found through synonyms, local actors within the
/// perimeter with distance, the directory's changes followed, past successes, the territory's own synonyms, alerts.
/// </summary>
public abstract class MatchingTests(CatalyseFactory factory)
{
    private const string Slug = "grand-gueret";

    private Task<int> EntryAsync(string name, string description, string offers, string commune, string[] themes, EntryKind kind = EntryKind.Actor) =>
        MarketplaceFixtures.EntryAsync(factory, name, description, offers, commune, themes, kind);

    private async Task<MatchSet> MatchAsync(Need need)
    {
        using var scope = factory.Services.CreateScope();
        var n = await scope.ServiceProvider.GetRequiredService<Catalyse.Web.Infrastructure.Data.CatalyseDb>().Set<Need>().IgnoreQueryFilters().SingleAsync(x => x.Id == need.Id);
        return await scope.ServiceProvider.GetRequiredService<Matcher>().ForNeedAsync(n, 50);
    }

    [Fact]
    public async Task A_need_finds_a_solution_from_elsewhere_through_a_synonym_and_a_local_actor_with_its_reasons()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..6];
        var solution = await MarketplaceFixtures.CreateSolutionAsync(factory, title: $"Réseau {word} de visiteurs bénévoles");
        var local = await EntryAsync($"Amicale {word} des visiteurs", "Nos bénévoles visitent les personnes âgées isolées à domicile.", "Visites à domicile", "23096", ["lien social"]);
        var far = await EntryAsync($"Amicale {word} de Grenoble", "Nos bénévoles visitent les personnes âgées isolées à domicile.", "Visites à domicile", "38185", ["lien social"]);
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, title: $"Visites {word} pour les aînés isolés",
            description: "Dans nos hameaux, des aînés vivent seuls et ne voient personne de la semaine.", themes: ["lien social"]);

        var matches = await MatchAsync(need);

        var s = Assert.Single(matches.Solutions, m => m.Id == solution.Id);
        Assert.Contains("lien social", s.SharedThemes);
        Assert.Contains(word, s.Words);
        // The solution says "seniors", the need "aînés" and "personnes âgées": the network's synonyms bring them together.
        Assert.Contains(s.Synonyms, u => u.Found is "aînés" or "personnes âgées" && u.MeansAlso == "seniors");
        var a = Assert.Single(matches.Actors, m => m.Id == local);
        Assert.NotNull(a.DistanceKm);
        Assert.Contains("visites", a.Words);
        Assert.DoesNotContain(matches.Actors, m => m.Id == far);
    }

    [Fact]
    public async Task The_matcher_follows_the_directory_an_entry_hidden_leaves_the_matches_and_a_renamed_one_matches_by_its_new_name()
    {
        var word = "zr" + Guid.NewGuid().ToString("N")[..6];
        var other = "zs" + Guid.NewGuid().ToString("N")[..6];
        var id = await EntryAsync($"Atelier {word}", "Réparation de vélos pour tous.", "Outils", "23096", ["mobilité"]);
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, title: $"Un atelier {word} {other} au bourg", description: "Personne ne sait réparer les vélos des enfants ici.");
        Assert.Contains((await MatchAsync(need)).Actors, m => m.Id == id);

        await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EntryStatus.Hidden).SetProperty(e => e.UpdatedAt, DateTimeOffset.UtcNow)));
        Assert.DoesNotContain((await MatchAsync(need)).Actors, m => m.Id == id);

        await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EntryStatus.Published)
            .SetProperty(e => e.Name, $"Garage {other}").SetProperty(e => e.Description, "Location de voitures.").SetProperty(e => e.UpdatedAt, DateTimeOffset.UtcNow)));
        var renamed = Assert.Single((await MatchAsync(need)).Actors, m => m.Id == id);
        Assert.Contains(other, renamed.Words);
        Assert.DoesNotContain(word, renamed.Words);
    }

    [Fact]
    public async Task An_entry_committed_after_the_watermark_moved_past_it_is_indexed_by_the_recheck()
    {
        var word = "zx" + Guid.NewGuid().ToString("N")[..6];
        var id = await EntryAsync($"Ressourcerie {word}", "Collecte et revente d'objets.", "Réemploi", "23096", ["réemploi"]);
        using var scope = factory.Services.CreateScope();
        var indexer = scope.ServiceProvider.GetRequiredService<MatchIndexer>();
        await indexer.CatchUpAsync();
        // As if a transaction begun earlier committed now: its UpdatedAt is older than the watermark.
        var older = (await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == id).Select(e => e.UpdatedAt).SingleAsync())).AddMilliseconds(-1);
        await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Name, $"Recyclerie {word}")
            .SetProperty(e => e.UpdatedAt, older)));
        await indexer.CatchUpAsync();
        Assert.Equal($"Ressourcerie {word}", await factory.WithDbAsync(db => db.Set<MatchDocument>().Where(d => d.DocId == id && d.Kind == MatchKind.Actor).Select(d => d.Title).SingleAsync()));
        Assert.True(await indexer.RecheckAsync(TimeSpan.FromMinutes(2)) >= 1);
        Assert.Equal($"Recyclerie {word}", await factory.WithDbAsync(db => db.Set<MatchDocument>().Where(d => d.DocId == id && d.Kind == MatchKind.Actor).Select(d => d.Title).SingleAsync()));
    }

    [Fact]
    public async Task The_reconciliation_fixes_what_the_watermark_missed_long_ago_and_drops_what_is_no_longer_published()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..6];
        var renamed = await EntryAsync($"Friperie {word}", "Vêtements de seconde main.", "Réemploi", "23096", ["réemploi"]);
        var hidden = await EntryAsync($"Donnerie {word}", "Objets donnés.", "Réemploi", "23096", ["réemploi"]);
        using var scope = factory.Services.CreateScope();
        var indexer = scope.ServiceProvider.GetRequiredService<MatchIndexer>();
        await indexer.CatchUpAsync();
        // As if a long import committed now what it stamped an hour ago: the watermark and the two-minute re-check miss it.
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == renamed).ExecuteUpdateAsync(s => s.SetProperty(e => e.Name, $"Vestiaire {word}").SetProperty(e => e.UpdatedAt, hourAgo)));
        await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == hidden).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EntryStatus.Hidden).SetProperty(e => e.UpdatedAt, hourAgo)));
        await indexer.CatchUpAsync();
        await indexer.RecheckAsync(TimeSpan.FromMinutes(2));
        Task<List<string>> Titles() => factory.WithDbAsync(db => db.Set<MatchDocument>().Where(d => (d.DocId == renamed || d.DocId == hidden) && d.Kind == MatchKind.Actor)
            .OrderBy(d => d.DocId).Select(d => d.Title).ToListAsync());
        Assert.Equal([$"Friperie {word}", $"Donnerie {word}"], await Titles());

        Assert.True(await indexer.ReconcileAsync() >= 2);
        Assert.Equal([$"Vestiaire {word}"], await Titles());
        Assert.Equal(0, await indexer.ReconcileAsync());
    }

    [Fact]
    public async Task A_past_success_ranks_a_solution_above_an_equal_one()
    {
        var word = "zt" + Guid.NewGuid().ToString("N")[..6];
        var first = await MarketplaceFixtures.CreateSolutionAsync(factory, title: $"Solution {word} numéro un");
        var second = await MarketplaceFixtures.CreateSolutionAsync(factory, title: $"Solution {word} numéro un");
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, title: $"Besoin {word} numéro un");
        var before = (await MatchAsync(need)).Solutions.Where(m => m.Id == first.Id || m.Id == second.Id).ToList();
        Assert.Equal(2, before.Count);
        Assert.Equal(before[0].Score, before[1].Score);

        var (territoryId, _) = await MarketplaceFixtures.TerritoryAsync(factory, "mirecourt-dompaire");
        using (var scope = factory.Services.CreateScope())
            Assert.Equal(AdoptionOutcome.Recorded, (await scope.ServiceProvider.GetRequiredService<SolutionService>().RecordAdoptionAsync(second.Id, territoryId,
                first.CreatedById, new AdoptionInput("Adaptée aux villages", new DateOnly(2026, 1, 5)))).Outcome);

        var after = (await MatchAsync(need)).Solutions.Where(m => m.Id == first.Id || m.Id == second.Id).ToList();
        Assert.Equal(second.Id, after[0].Id);
        Assert.Equal(1, after[0].Successes);
        Assert.True(after[0].Score > after[1].Score);
    }

    [Fact]
    public async Task The_territorys_own_synonyms_replace_the_network_list()
    {
        var a = "zu" + Guid.NewGuid().ToString("N")[..6];
        var b = "zv" + Guid.NewGuid().ToString("N")[..6];
        var (territoryId, _) = await MarketplaceFixtures.TerritoryAsync(factory, "mirecourt-dompaire");
        var solution = await MarketplaceFixtures.CreateSolutionAsync(factory, title: $"La méthode {b}");
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, "mirecourt-dompaire", title: $"Il nous faut du {a}", description: "Une description assez longue du besoin.");
        // Before: the two made-up words are strangers (the solution may still come up by its other words and themes).
        Assert.DoesNotContain((await MatchAsync(need)).Solutions, m => m.Id == solution.Id && m.Synonyms.Contains(new SynonymUse(a, b)));
        try
        {
            using (var scope = factory.Services.CreateScope())
                Assert.Empty(await scope.ServiceProvider.GetRequiredService<SynonymService>().SaveAsync(territoryId, $"# nos mots\n{a} ~ {b}\n"));
            var found = Assert.Single((await MatchAsync(need)).Solutions, m => m.Id == solution.Id);
            Assert.Equal([new SynonymUse(a, b)], found.Synonyms);
            Assert.True(found.Score > 0);
        }
        finally
        {
            using var scope = factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<SynonymService>().SaveAsync(territoryId, "");
        }
    }

    [Fact]
    public async Task A_synonym_line_with_one_term_is_refused_with_its_line_number()
    {
        var (territoryId, _) = await MarketplaceFixtures.TerritoryAsync(factory, "grenoble-alpes");
        using var scope = factory.Services.CreateScope();
        var errors = await scope.ServiceProvider.GetRequiredService<SynonymService>().SaveAsync(territoryId, "vélo ~ bicyclette\nseul");
        Assert.Contains("2", errors["synonyms"].Single());
        Assert.Empty(await factory.WithDbAsync(db => db.Set<SynonymGroup>().IgnoreQueryFilters().Where(g => g.TerritoryId == territoryId).ToListAsync()));
    }

    [Fact]
    public async Task A_closed_need_leaves_where_could_we_help_and_a_new_solution_alerts_the_followers_of_matching_needs()
    {
        var word = "zw" + Guid.NewGuid().ToString("N")[..6];
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, title: $"Covoiturage {word} vers Guéret", description: "Aller travailler à Guéret sans voiture.", themes: ["mobilité"]);
        using (var scope = factory.Services.CreateScope())
        {
            var matcher = scope.ServiceProvider.GetRequiredService<Matcher>();
            var source = new MatchSource(need.TerritoryId, need.CommuneCode, ["mobilité"], [($"{word} covoiturage", 3)]);
            Assert.Contains(await matcher.NeedsForAsync(source), m => m.Id == need.Id);
            await scope.ServiceProvider.GetRequiredService<NeedService>().SetStatusAsync(need.Id, new NeedStatusInput(NeedStatus.Satisfied, null, null, null));
            Assert.DoesNotContain(await matcher.NeedsForAsync(source), m => m.Id == need.Id);
        }

        var other = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, title: $"Covoiturage {word} pour le marché", description: "Aller au marché de Guéret sans voiture.", themes: ["mobilité"]);
        var supporter = await MarketplaceFixtures.PersonAsync(factory);
        using (var scope = factory.Services.CreateScope())
            Assert.Equal(MeTooOutcome.Added, await scope.ServiceProvider.GetRequiredService<NeedService>().MeTooAsync(other.Id, supporter));
        await MarketplaceFixtures.CreateSolutionAsync(factory, title: $"Covoiturage {word} solidaire");

        var news = await factory.WithDbAsync(db => db.Set<Notification>().Where(n => n.Kind == NotificationKind.NeedNewMatch && n.Url.Contains($"/needs/{other.Id}")).ToListAsync());
        Assert.Equal(new[] { other.AuthorId, supporter }.Order(), news.Select(n => n.UserId).Distinct().Order());
        // The satisfied need is out of the index: its followers hear nothing.
        Assert.Empty(await factory.WithDbAsync(db => db.Set<Notification>().Where(n => n.Url.Contains($"/needs/{need.Id}#") && n.Kind == NotificationKind.NeedNewMatch).ToListAsync()));
    }

    /// <summary>Runs the new-lead alerts until they have read every change of the directory.</summary>
    private async Task AnnounceEntriesAsync()
    {
        for (var pass = 0; pass < 100; pass++)
        {
            using var scope = factory.Services.CreateScope();
            if (await scope.ServiceProvider.GetRequiredService<NewMatchAlerts>().AnnounceEntriesAsync() == 0) return;
        }
        Assert.Fail("The new-lead alerts did not catch up with the directory.");
    }

    private Task<List<Notification>> NewLeadNewsAsync(int needId) => factory.WithDbAsync(db =>
        db.Set<Notification>().Where(n => n.Kind == NotificationKind.NeedNewMatch && n.Url.Contains($"/needs/{needId}#")).ToListAsync());

    [Fact]
    public async Task A_new_actor_of_the_perimeter_is_announced_once_to_the_followers_of_the_needs_it_answers()
    {
        var word = "zv" + Guid.NewGuid().ToString("N")[..6];
        await AnnounceEntriesAsync();
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, title: $"Réparer les vélos {word} au bourg",
            description: "Personne ne sait réparer les vélos des enfants ici.", themes: ["mobilité"]);
        var follower = await MarketplaceFixtures.PersonAsync(factory);
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<NeedService>().FollowAsync(need.Id, follower);

        var near = await EntryAsync($"Atelier {word} de réparation", "Réparation de vélos pour tous, avec des outils en libre accès.", "Réparer son vélo", "23096", ["mobilité"]);
        var far = await EntryAsync($"Atelier {word} grenoblois", "Réparation de vélos pour tous, avec des outils en libre accès.", "Réparer son vélo", "38185", ["mobilité"]);
        var unrelated = await EntryAsync($"Chorale {word}", "Chant choral pour tous les âges.", "Répétitions le mardi", "23096", ["culture"]);
        await AnnounceEntriesAsync();

        // One notification each for the author and the follower, for the actor in the perimeter only.
        Assert.Equal(new[] { need.AuthorId, follower }.Order(), (await NewLeadNewsAsync(need.Id)).Select(n => n.UserId).Order());
        var leads = await factory.WithDbAsync(db => db.Set<NeedLeadAlert>().Where(a => a.NeedId == need.Id).ToListAsync());
        Assert.Equal(near, Assert.Single(leads).DocId);
        Assert.DoesNotContain(leads, a => a.DocId == far || a.DocId == unrelated);

        // Edited later, the same actor is no new lead: nobody hears of it twice.
        await factory.WithDbAsync(db => db.Entries.Where(e => e.Id == near).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Description, "Réparation de vélos et de trottinettes, outils en libre accès.").SetProperty(e => e.UpdatedAt, DateTimeOffset.UtcNow)));
        await AnnounceEntriesAsync();
        Assert.Equal(2, (await NewLeadNewsAsync(need.Id)).Count);
    }

    /// <summary>
    /// The postings keep their weight in the primary key (SQLite: WITHOUT ROWID; PostgreSQL: INCLUDE), which EF Core's
    /// model cannot say: a later migration that rebuilt the table or its key without it would make every match read each
    /// posting twice.
    /// </summary>
    [Fact]
    public async Task The_postings_weight_is_read_from_the_primary_key_alone()
    {
        var layout = await factory.WithDbAsync(db => factory.Provider == Db.Postgres
            ? db.Database.SqlQueryRaw<string>("""
                SELECT pg_get_indexdef(i.indexrelid) AS "Value" FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'PK_match_postings'
                """).SingleAsync()
            : db.Database.SqlQueryRaw<string>("""SELECT sql AS "Value" FROM sqlite_master WHERE type = 'table' AND name = 'match_postings'""").SingleAsync());
        Assert.Contains(factory.Provider == Db.Postgres ? "INCLUDE (\"Weight\")" : "WITHOUT ROWID", layout);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MatchingSqliteTests(CatalyseFactory factory) : MatchingTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class MatchingPostgresTests(PostgresFactory factory) : MatchingTests(factory);
