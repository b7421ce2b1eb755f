using System.Data.Common;
using System.Diagnostics;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

/// <summary>
/// The marketplace's matcher at national scale: N published actors and places (200,000 by default) spread over the
/// real communes (weighted as the directory bench does), with French names, descriptions, offers and themes drawn from
/// vocabularies, bulk-inserted (one prepared INSERT, transactions of 500 rows, as the directory bench's raw insert), then
/// read into the match index by the real <see cref="MatchIndexer.CatchUpAsync"/>; S solutions (10,000 by default)
/// inserted in batches and indexed one by one by <see cref="MatchIndexer.IndexAsync"/> (what
/// <see cref="SolutionService.CreateAsync"/> does after its insert); 1,000 needs and 1,000 offers in five territories
/// of different sizes, indexed the same way. Then the latency of <see cref="Matcher.MatchAsync"/> (all four groups)
/// for 200 needs and of <see cref="Matcher.NeedsForAsync"/> for 200 offers, each call in its own DI scope as a request.
/// </summary>
public static class MarketplaceBench
{
    public const int DefaultEntries = 200_000;
    public const int DefaultSolutions = 10_000;
    private const int WarmUp = 20;

    private sealed record CommuneRow(string Code, string Name, string Departement, int Population, double Lat, double Lon);

    private static readonly List<(string Name, string Value)> Results = [];
    private static void Report(string name, string value)
    {
        Results.Add((name, value));
        Console.WriteLine($"  {name,-52} {value}");
    }

    public static async Task RunAsync(Db db, int entryCount, int solutionCount)
    {
        Results.Clear();
        Console.WriteLine($"marketplace {db}: {entryCount:N0} entries, {solutionCount:N0} solutions, {Environment.ProcessorCount} cores");
        // The app's background catch-up runs once at start (demo entries); the bench times its own catch-up alone.
        Environment.SetEnvironmentVariable("Catalyse__Marketplace__IndexSeconds", "86400");
        // CATALYSE_BENCH_REUSE: a database kept by an earlier run (CATALYSE_BENCH_KEEP), copied, and only the latency measured.
        var reuse = db == Db.Sqlite ? Environment.GetEnvironmentVariable("CATALYSE_BENCH_REUSE") is { Length: > 0 } r ? r : null : null;
        await using var factory = db == Db.Postgres ? new PostgresFactory() : reuse is null ? new CatalyseFactory() : new KeptDatabaseFactory(reuse);
        await factory.InitializeAsync();
        if (reuse is not null)
        {
            var kept = await TerritoriesAsync(factory, create: false);
            var ids = kept.Select(t => t.Id).ToList();
            var (keptNeeds, keptOffers) = await factory.WithDbAsync(async ctx => (
                await ctx.Set<Need>().IgnoreQueryFilters().AsNoTracking().Where(n => ids.Contains(n.TerritoryId)).OrderBy(n => n.Id).ToListAsync(),
                await ctx.Set<Offer>().IgnoreQueryFilters().AsNoTracking().Where(o => ids.Contains(o.TerritoryId)).OrderBy(o => o.Id).ToListAsync()));
            await MeasureAsync(factory, db, kept, keptNeeds, keptOffers);
            return;
        }
        var communes = await factory.WithDbAsync(ctx => ctx.Communes.AsNoTracking()
            .Where(c => c.Latitude != null && c.Longitude != null)
            .OrderBy(c => c.Code)
            .Select(c => new CommuneRow(c.Code, c.Name, c.DepartementCode, c.Population, c.Latitude!.Value, c.Longitude!.Value)).ToListAsync());
        var author = (await Catalyse.Tests.Participation.PetitionData.PeopleAsync(factory, 1))[0];
        var territories = await TerritoriesAsync(factory, create: true);
        foreach (var t in territories) Console.WriteLine($"  territory {t.Slug}: {t.Communes.Count} communes, départements {string.Join(",", t.Departements)}");

        // ---- entries: bulk insert, then the real catch-up ----
        var random = new Random(20261124);
        var pick = Weighted(communes);
        var watch = Stopwatch.StartNew();
        await InsertEntriesAsync(factory, communes, pick, entryCount, random);
        Report("entries bulk insert", $"{entryCount / watch.Elapsed.TotalSeconds:N0} rows/s ({watch.Elapsed.TotalSeconds:F1} s)");
        if (db == Db.Postgres) await factory.WithDbAsync(ctx => ctx.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) entries"));

        watch.Restart();
        var indexed = 0;
        while (true)
        {
            using var scope = factory.Services.CreateScope();
            var read = await scope.ServiceProvider.GetRequiredService<MatchIndexer>().CatchUpAsync(20);
            indexed += read;
            if (read == 0) break;
            Console.WriteLine($"    {indexed:N0} entries indexed ({watch.Elapsed.TotalSeconds:F0} s)");
        }
        // The generated entries carry past dates: those older than what the app's own worker indexed first (the demo's
        // entries) are behind the watermark; the reconciliation compares the whole directory with the index and reads them.
        using (var scope = factory.Services.CreateScope())
            indexed += await scope.ServiceProvider.GetRequiredService<MatchIndexer>().ReconcileAsync(int.MaxValue);
        var entrySeconds = watch.Elapsed.TotalSeconds;
        Report("entries indexed (MatchIndexer.CatchUpAsync)", $"{indexed / entrySeconds:N0} entries/s ({indexed:N0} in {entrySeconds:F1} s)");

        // ---- solutions: batch insert, then IndexAsync one by one (what SolutionService.CreateAsync does after its insert) ----
        watch.Restart();
        var solutionIds = await InsertSolutionsAsync(factory, communes, pick, solutionCount, author, territories, random);
        var solutionInsert = watch.Elapsed.TotalSeconds;
        watch.Restart();
        await IndexEachAsync<Solution>(factory, solutionIds, s => MatchIndexer.Of(s));
        var solutionSeconds = watch.Elapsed.TotalSeconds;
        Report("solutions inserted (EF, batches of 1,000)", $"{solutionCount / solutionInsert:N0} rows/s ({solutionInsert:F1} s)");
        Report("solutions indexed (MatchIndexer.IndexAsync)", $"{solutionCount / solutionSeconds:N0} solutions/s ({solutionSeconds:F1} s)");

        // ---- needs and offers of the five territories ----
        var (needs, offers) = await InsertNeedsAndOffersAsync(factory, territories, author, random);
        watch.Restart();
        await IndexEachAsync<Need>(factory, needs.Select(n => n.Id).ToList(), n => MatchIndexer.Of(n));
        await IndexEachAsync<Offer>(factory, offers.Select(o => o.Id).ToList(), o => MatchIndexer.Of(o));
        Report("needs + offers indexed (1,000 + 1,000)", $"{2000 / watch.Elapsed.TotalSeconds:N0} docs/s");

        if (db == Db.Postgres)
            await factory.WithDbAsync(async ctx =>
            {
                await ctx.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) match_postings");
                await ctx.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) match_documents");
            });
        var (postings, documents, terms) = await factory.WithDbAsync(async ctx => (
            await ctx.Set<MatchPosting>().LongCountAsync(), await ctx.Set<MatchDocument>().LongCountAsync(),
            await ctx.Set<MatchPosting>().Select(p => p.Term).Distinct().CountAsync()));
        Report("index size", $"{postings:N0} rows of match_postings, {documents:N0} documents, {terms:N0} distinct terms");
        Report("index on disk", await SizeAsync(factory, db));
        if (db == Db.Sqlite && Environment.GetEnvironmentVariable("CATALYSE_BENCH_KEEP") is { Length: > 0 } keep)
            // A copy of the generated database, to study the matcher's queries on it without generating it again.
            await factory.WithDbAsync(ctx => ctx.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", keep));
        await MeasureAsync(factory, db, territories, needs, offers);
    }

    /// <summary>The matcher's latency: 40 needs (MatchAsync) and 40 offers (NeedsForAsync) of each territory.</summary>
    private static async Task MeasureAsync(CatalyseFactory factory, Db db, List<BenchTerritory> territories, List<Need> needs, List<Offer> offers)
    {
        var sample = new Random(5);
        var needSample = territories.SelectMany(t => needs.Where(n => n.TerritoryId == t.Id).OrderBy(_ => sample.Next()).Take(40)).ToList();
        var offerSample = territories.SelectMany(t => offers.Where(o => o.TerritoryId == t.Id).OrderBy(_ => sample.Next()).Take(40)).ToList();
        // The same calls with every common term kept (share 1: the matcher before the common terms were left out),
        // then with the default share, one after the other on the same database.
        foreach (var share in new double?[] { 1, null })
        {
            var matches = new List<int>();
            await LatencyAsync(factory, $"MatchAsync (4 groups), 200 needs, common terms {(share is null ? "left out (default)" : "kept")}", territories,
                needSample.Select(n => (n.TerritoryId, (Func<IServiceProvider, Task>)(async sp =>
                {
                    var matcher = sp.GetRequiredService<Matcher>();
                    if (share is { } s) matcher.CommonTermShare = s;
                    var set = await matcher.MatchAsync(MatchSource.Of(n));
                    matches.Add(set.Count);
                }))).ToList());
            Console.WriteLine($"    proposals per need: median {matches.Order().ElementAt(matches.Count / 2)} (of 40 at most)");
        }
        if (Environment.GetEnvironmentVariable("CATALYSE_BENCH_DUMP") is { Length: > 0 } dump)
        {
            // Every proposal with its score and reasons, to check that a change of the matcher keeps the ranking.
            var lines = new List<string>();
            foreach (var n in needSample)
            {
                using var scope = factory.Services.CreateScope();
                var set = await scope.ServiceProvider.GetRequiredService<Matcher>().MatchAsync(MatchSource.Of(n));
                foreach (var m in set.All)
                    lines.Add($"need {n.Id}: {m.Kind} {m.Id} {m.Score} {m.DistanceKm} [{string.Join(",", m.SharedThemes)}] [{string.Join(",", m.Words)}] [{string.Join(",", m.Synonyms.Select(x => x.MeansAlso))}] {m.Successes}");
            }
            foreach (var o in offerSample)
            {
                using var scope = factory.Services.CreateScope();
                foreach (var m in await scope.ServiceProvider.GetRequiredService<Matcher>().NeedsForAsync(MatchSource.Of(MatchIndexer.Of(o), o.TerritoryId)))
                    lines.Add($"offer {o.Id}: {m.Kind} {m.Id} {m.Score} {m.DistanceKm} [{string.Join(",", m.SharedThemes)}] [{string.Join(",", m.Words)}]");
            }
            await File.WriteAllLinesAsync(dump, lines);
        }
        await LatencyAsync(factory, "NeedsForAsync, 200 offers", territories, offerSample.Select(o => (o.TerritoryId, (Func<IServiceProvider, Task>)(async sp =>
            await sp.GetRequiredService<Matcher>().NeedsForAsync(MatchSource.Of(MatchIndexer.Of(o), o.TerritoryId))))).ToList());

        Console.WriteLine($"marketplace {db} — summary");
        foreach (var (name, value) in Results) Console.WriteLine($"| {name} | {value} |");
    }

    // ---- territories -------------------------------------------------------------------------------------------

    private sealed record BenchTerritory(int Id, string Slug, List<string> Communes, List<string> Departements);

    /// <summary>The app on a copy of a database kept by an earlier run of the bench.</summary>
    private sealed class KeptDatabaseFactory(string kept) : CatalyseFactory
    {
        private readonly string _copy = Path.Combine(System.IO.Directory.CreateTempSubdirectory("catalyse-bench-").FullName, "kept.db");
        protected override IDictionary<string, string?> ExtraSettings
        {
            get
            {
                if (!File.Exists(_copy)) File.Copy(kept, _copy);
                return new Dictionary<string, string?> { ["ConnectionStrings:Catalyse"] = $"Data Source={_copy};Pooling=True" };
            }
        }
    }

    private static async Task<List<BenchTerritory>> TerritoriesAsync(CatalyseFactory factory, bool create)
    {
        if (create)
        {
            using (var scope = factory.Services.CreateScope())
            {
                var service = scope.ServiceProvider.GetRequiredService<TerritoryService>();
                foreach (var t in new[]
                {
                    new NewTerritory("Métropole de Lyon", "metropole-lyon", "Une métropole de 59 communes et 1,4 million d'habitants.", ["transition écologique"],
                        TerritoryType.Metropole, null, new PerimeterInput(Epci: ["200046977"])),
                    new NewTerritory("Département du Nord", "departement-nord", "Un département de 648 communes et 2,6 millions d'habitants.", ["solidarité"],
                        null, null, new PerimeterInput(Departements: ["59"])),
                })
                {
                    var (territory, errors) = await service.CreateAsync(t);
                    if (territory is null) throw new InvalidOperationException($"{t.Slug}: {string.Join("; ", errors.SelectMany(e => e.Value))}");
                }
            }
        }
        string[] slugs = ["grand-gueret", "mirecourt-dompaire", "grenoble-alpes", "metropole-lyon", "departement-nord"];
        return await factory.WithDbAsync(async ctx =>
        {
            var list = new List<BenchTerritory>();
            foreach (var slug in slugs)
            {
                var id = await ctx.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
                var perimeter = await ctx.TerritoryCommunes.Where(t => t.TerritoryId == id)
                    .Join(ctx.Communes, t => t.CommuneCode, c => c.Code, (t, c) => new { c.Code, c.DepartementCode }).ToListAsync();
                list.Add(new BenchTerritory(id, slug, perimeter.Select(p => p.Code).Order().ToList(), perimeter.Select(p => p.DepartementCode).Distinct().Order().ToList()));
            }
            return list;
        });
    }

    // ---- vocabularies ------------------------------------------------------------------------------------------

    /// <summary>(kind, category, name patterns ({0} a word, {1} the commune), themes, what they do, what they offer).</summary>
    private static readonly (EntryKind Kind, string Category, string[] Names, string[] Themes, string[] Does, string[] Offers)[] Templates =
    [
        (EntryKind.Actor, "association", ["Aide à domicile {0}", "ADMR de {1}", "Association d'aide à domicile de {1}", "Services à la personne {0}"],
            ["aide à domicile", "mieux vieillir", "santé"],
            ["Aide à domicile des personnes âgées et des personnes en situation de handicap.", "Portage de repas, aide au ménage, aux courses et à la toilette.",
             "Accompagnement des aidants familiaux et relais pour les sorties.", "Téléassistance et visites de convivialité aux personnes isolées."],
            ["heures d'aide à domicile", "portage de repas", "formation d'aides à domicile", "visites de convivialité", "conseil sur l'adaptation du logement"]),
        (EntryKind.Actor, "ess", ["Épicerie solidaire {0}", "Épicerie sociale de {1}", "Banque alimentaire de {1}", "Restos du cœur de {1}"],
            ["alimentation", "solidarité", "précarité"],
            ["Épicerie à petits prix pour les familles aux revenus modestes, orientées par les travailleurs sociaux.", "Collecte et distribution d'aide alimentaire.",
             "Ateliers cuisine, paniers de légumes et conseils d'alimentation équilibrée.", "Lutte contre le gaspillage alimentaire avec les commerces du quartier."],
            ["produits frais à petits prix", "bénévoles pour la collecte", "ateliers cuisine", "chambre froide partagée", "camion de livraison"]),
        (EntryKind.Actor, "entreprise-insertion", ["Garage solidaire {0}", "Garage associatif de {1}", "Mobilité solidaire {0}", "Auto-école sociale de {1}"],
            ["mobilité", "insertion", "emploi"],
            ["Réparation de véhicules à prix réduit pour les personnes en insertion.", "Location de voitures et de scooters pour se rendre au travail.",
             "Permis de conduire accompagné pour les demandeurs d'emploi.", "Transport solidaire à la demande dans les communes rurales."],
            ["location de véhicules à un euro par jour", "réparation à prix coûtant", "chauffeurs bénévoles", "conseil en mobilité", "ateliers d'autoréparation"]),
        (EntryKind.Actor, "entreprise-insertion", ["Entreprise d'insertion {0}", "Chantier d'insertion de {1}", "Régie de quartier {0}", "Atelier et chantier d'insertion {0}"],
            ["insertion", "emploi", "économie circulaire"],
            ["Emplois en insertion dans le bâtiment, les espaces verts et le nettoyage.", "Accompagnement socio-professionnel des salariés en parcours d'insertion.",
             "Chantiers de rénovation du patrimoine et entretien des rivières.", "Tri, réparation et revente de meubles et d'électroménager."],
            ["prestations d'entretien d'espaces verts", "salariés en insertion mis à disposition", "formation aux métiers du bâtiment", "débarras et tri"]),
        (EntryKind.Actor, "association", ["Ressourcerie {0}", "Recyclerie de {1}", "Repair café de {1}", "Emmaüs {1}"],
            ["économie circulaire", "réemploi", "environnement"],
            ["Collecte, réparation et revente d'objets du quotidien.", "Ateliers de réparation d'appareils électriques et de vélos.",
             "Sensibilisation à la réduction des déchets dans les écoles."],
            ["meubles et vaisselle de réemploi", "réparateurs bénévoles", "local de stockage", "animations zéro déchet"]),
        (EntryKind.Actor, "association", ["Crèche parentale {0}", "Micro-crèche {0}", "Relais petite enfance de {1}", "Lieu d'accueil enfants-parents {0}"],
            ["petite enfance", "parentalité", "famille"],
            ["Accueil des tout-petits et ateliers parents-enfants.", "Garde d'enfants à horaires atypiques pour les parents qui travaillent tôt ou tard.",
             "Soutien à la parentalité et groupes de parole."],
            ["places d'accueil occasionnel", "ateliers d'éveil", "formation des assistantes maternelles", "salle de motricité"]),
        (EntryKind.Actor, "association", ["Maison de santé de {1}", "Centre de santé {0}", "Association des aidants de {1}", "Prévention santé {0}"],
            ["santé", "prévention", "mieux vieillir"],
            ["Prévention santé, permanences et accompagnement des aidants.", "Consultations de médecins généralistes et infirmiers dans un désert médical.",
             "Ateliers d'activité physique adaptée et de prévention des chutes."],
            ["téléconsultation", "ateliers équilibre et prévention des chutes", "dépistage", "bilan de santé gratuit"]),
        (EntryKind.Actor, "association", ["Numérique solidaire {0}", "Point numérique de {1}", "Emmaüs Connect {1}", "Conseiller numérique {0}"],
            ["numérique", "inclusion", "insertion"],
            ["Formations au numérique, accompagnement aux démarches en ligne.", "Reconditionnement et vente d'ordinateurs à petit prix.",
             "Aide aux démarches administratives et à l'accès aux droits."],
            ["ordinateurs reconditionnés", "ateliers d'initiation au numérique", "aide aux démarches en ligne", "connexion internet"]),
        (EntryKind.Actor, "scic", ["Énergies citoyennes de {1}", "Centrale villageoise {0}", "SCIC {0} Énergie", "Coopérative d'habitants {0}"],
            ["énergie", "habitat", "transition écologique"],
            ["Production d'énergie renouvelable par et pour les habitants.", "Rénovation énergétique des logements et lutte contre la précarité énergétique.",
             "Habitat participatif et logements intergénérationnels."],
            ["toitures solaires", "diagnostic énergétique", "financement participatif", "conseil en rénovation"]),
        (EntryKind.Actor, "association", ["Jardins partagés de {1}", "AMAP {0}", "Jardin d'insertion {0}", "Ferme urbaine {0}"],
            ["alimentation", "agriculture", "biodiversité"],
            ["Circuits courts, paniers de légumes bio et produits locaux.", "Jardins partagés, compost collectif et sensibilisation à la biodiversité.",
             "Maraîchage biologique en insertion professionnelle."],
            ["paniers de légumes", "parcelles de jardin", "formation au compostage", "semences paysannes"]),
        (EntryKind.Actor, "collectivite", ["CCAS de {1}", "Mairie de {1}", "France services {1}", "Mission locale {0}"],
            ["solidarité", "accès aux droits", "emploi"],
            ["Accueil, aide sociale et accompagnement des personnes en difficulté.", "Accompagnement des jeunes de 16 à 25 ans vers l'emploi et la formation.",
             "Guichet unique des services publics pour les démarches du quotidien."],
            ["permanences d'accès aux droits", "accompagnement vers l'emploi", "salle municipale", "aides financières d'urgence"]),
        (EntryKind.Actor, "association", ["Club sportif de {1}", "Union sportive {0}", "Compagnie {0}", "École de musique de {1}"],
            ["sport", "culture", "lien social"],
            ["Sport pour tous, activités adaptées aux seniors et aux personnes handicapées.", "Concerts, expositions et résidences d'artistes.",
             "Cours de musique et de théâtre pour les enfants et les adultes."],
            ["créneaux de sport adapté", "prêt d'instruments", "spectacles dans les maisons de retraite", "éducateurs sportifs"]),
        (EntryKind.Place, "tiers-lieu", ["Tiers-lieu {0}", "La Fabrique de {1}", "Café associatif {0}", "Maison des communs {0}"],
            ["lien social", "culture", "économie sociale et solidaire"],
            ["Café, ateliers, coworking et événements ouverts à tous les habitants.", "Lieu hybride où se croisent associations, artisans et habitants.",
             "Espace de rencontre, épicerie vrac et repair café."],
            ["salle de réunion", "bureaux partagés", "cuisine partagée", "programmation culturelle", "accompagnement de porteurs de projets"]),
        (EntryKind.Place, "centre-social", ["Centre social {0}", "Maison des habitants de {1}", "Espace de vie sociale {0}", "Maison de quartier {0}"],
            ["lien social", "famille", "solidarité"],
            ["Accueil des familles, activités pour les jeunes et les seniors.", "Accompagnement scolaire, sorties familiales et cours de français.",
             "Lutte contre l'isolement des personnes âgées et animations intergénérationnelles."],
            ["accompagnement scolaire", "cours de français langue étrangère", "salle polyvalente", "sorties familiales", "permanences sociales"]),
        (EntryKind.Place, "fablab", ["FabLab {0}", "Atelier partagé de {1}", "Makerspace {0}", "Atelier bois de {1}"],
            ["numérique", "fabrication", "économie circulaire"],
            ["Imprimantes 3D, découpe laser et ateliers de fabrication numérique.", "Atelier partagé de menuiserie et de réparation."],
            ["imprimante 3D", "découpe laser", "formation à la fabrication numérique", "outillage"]),
        (EntryKind.Place, "coworking", ["Coworking {0}", "Espace de travail partagé de {1}", "Pépinière d'entreprises de {1}"],
            ["emploi", "entrepreneuriat", "numérique"],
            ["Espace de travail partagé, bureaux et salles de réunion.", "Accompagnement des créateurs d'entreprise et des indépendants."],
            ["bureaux à la journée", "salle de visioconférence", "domiciliation", "accompagnement à la création d'entreprise"]),
    ];

    private static readonly string[] Words =
        ["Les Colibris", "La Source", "Le Lien", "L'Étincelle", "Les Pousses", "La Ruche", "Le Fil", "Les Bruyères", "La Passerelle",
         "Horizon", "Escale", "Les Tilleuls", "Les Châtaigniers", "La Clé des champs", "L'Atelier", "Le Moulin", "Les Petits Pas", "La Boussole",
         "Solidarités", "Entraide", "Le Relais", "Trait d'union", "Bien Vivre", "Cap Avenir", "Le Trèfle", "Les Liserons"];

    private static readonly string[] Common =
        ["Ouvert à tous les habitants du territoire.", "Association loi 1901 animée par des bénévoles et des salariés.",
         "Partenaire du département et de la caisse d'allocations familiales.", "Intervient dans les communes rurales alentour.",
         "Membre du réseau régional de l'économie sociale et solidaire.", "Recherche des bénévoles."];

    /// <summary>Needs as residents, actors and catalysts write them: (title, description, affected group, themes).</summary>
    private static readonly (string Title, string Description, string Group, string[] Themes)[] Needs =
    [
        ("Personnes âgées isolées dans les hameaux", "Beaucoup de personnes âgées vivent seules loin du bourg, sans voiture, et ne voient personne de la semaine. Il faudrait des visites régulières et un transport pour les courses.", "personnes âgées isolées", ["mieux vieillir", "lien social"]),
        ("Pas d'aide à domicile le week-end", "Les services d'aide à domicile ne passent pas le samedi et le dimanche ; les familles doivent se relayer pour la toilette et les repas.", "personnes âgées dépendantes et leurs aidants", ["aide à domicile", "santé"]),
        ("Se rendre au travail sans voiture", "Des demandeurs d'emploi refusent des offres faute de moyen de transport : pas de bus aux horaires de l'usine, pas de permis.", "demandeurs d'emploi sans véhicule", ["mobilité", "emploi"]),
        ("Réparer sa voiture coûte trop cher", "Des familles modestes ne peuvent plus réparer leur voiture, indispensable pour travailler et emmener les enfants à l'école.", "familles modestes", ["mobilité", "précarité"]),
        ("Aide alimentaire insuffisante", "La distribution alimentaire ne suffit plus : de plus en plus d'étudiants et de retraités font la queue. Il manque une épicerie solidaire avec des produits frais.", "étudiants et retraités précaires", ["alimentation", "solidarité"]),
        ("Garde d'enfants aux horaires décalés", "Les parents qui travaillent tôt le matin ou tard le soir dans l'hôpital et la logistique ne trouvent aucun mode de garde.", "parents aux horaires atypiques", ["petite enfance", "emploi"]),
        ("Démarches administratives en ligne", "Des habitants n'arrivent pas à faire leurs démarches en ligne (CAF, impôts, retraite) faute d'ordinateur ou de savoir-faire.", "habitants éloignés du numérique", ["numérique", "accès aux droits"]),
        ("Un lieu pour se retrouver au village", "Depuis la fermeture du café, il n'y a plus aucun lieu pour se rencontrer ; un tiers-lieu avec café associatif et ateliers serait bienvenu.", "habitants du village", ["lien social", "culture"]),
        ("Jeunes sans emploi ni formation", "Des jeunes du quartier ne sont ni en emploi ni en formation et ne poussent pas la porte de la mission locale.", "jeunes de 16 à 25 ans", ["insertion", "emploi"]),
        ("Logements mal isolés", "Des propriétaires modestes vivent dans des passoires thermiques et ne savent pas quelles aides demander pour la rénovation énergétique.", "propriétaires modestes", ["habitat", "énergie"]),
        ("Trop de déchets encombrants", "Les meubles et l'électroménager finissent en décharge alors qu'ils pourraient être réparés et revendus par une ressourcerie.", "habitants", ["économie circulaire", "environnement"]),
        ("Désert médical", "Plus de médecin généraliste dans la commune depuis deux ans ; les personnes âgées renoncent aux soins.", "habitants sans médecin traitant", ["santé", "prévention"]),
        ("Chutes des personnes âgées", "Plusieurs personnes âgées sont tombées chez elles cet hiver ; il manque des ateliers de prévention des chutes et d'adaptation du logement.", "seniors vivant à domicile", ["mieux vieillir", "prévention"]),
        ("Aidants épuisés", "Les aidants familiaux de personnes malades ou handicapées sont épuisés et n'ont aucun relais pour souffler.", "aidants familiaux", ["santé", "aide à domicile"]),
        ("Apprendre le français", "Des familles arrivées récemment ne parlent pas français et ne trouvent pas de cours adaptés près de chez elles.", "familles allophones", ["inclusion", "famille"]),
        ("Local pour les associations", "Les associations sportives et culturelles n'ont plus de salle pour leurs activités depuis la vente de la salle des fêtes.", "associations locales", ["culture", "sport"]),
        ("Produits locaux pour la cantine", "La cantine scolaire voudrait servir des légumes bio et locaux mais ne trouve pas de producteurs organisés.", "élèves et cantine scolaire", ["alimentation", "agriculture"]),
        ("Accompagner les créateurs d'entreprise", "Des porteurs de projets ne trouvent ni bureau ni accompagnement pour créer leur activité dans le territoire.", "créateurs d'entreprise", ["entrepreneuriat", "emploi"]),
    ];

    private static readonly string[] NeedDetails =
        ["Nous avons recensé une trentaine de personnes concernées.", "La mairie est prête à prêter un local.", "C'est urgent avant l'hiver.",
         "Le centre social peut relayer auprès des familles.", "Un financement du département est possible.", "Des bénévoles sont prêts à s'engager."];

    private static readonly (OfferKind Kind, string Title, string Description, string[] Themes)[] OfferTemplates =
    [
        (OfferKind.Skills, "Conseil en rénovation énergétique", "Un ingénieur retraité propose des diagnostics énergétiques bénévoles pour les propriétaires modestes.", ["habitat", "énergie"]),
        (OfferKind.InKind, "Véhicule utilitaire à prêter", "Une entreprise prête son camion le week-end pour les collectes et les déménagements solidaires.", ["mobilité", "solidarité"]),
        (OfferKind.Place, "Salle disponible le soir", "La maison de quartier prête une salle de réunion équipée le soir et le samedi.", ["lien social", "culture"]),
        (OfferKind.VolunteerTime, "Chauffeurs bénévoles pour personnes âgées", "Des retraités proposent de conduire les personnes âgées isolées à leurs rendez-vous médicaux et aux courses.", ["mieux vieillir", "mobilité"]),
        (OfferKind.Skills, "Ateliers d'initiation au numérique", "Un conseiller numérique anime des ateliers pour les démarches en ligne et l'usage du smartphone.", ["numérique", "accès aux droits"]),
        (OfferKind.InKind, "Ordinateurs reconditionnés", "Une entreprise donne des ordinateurs portables reconditionnés aux familles et aux étudiants.", ["numérique", "inclusion"]),
        (OfferKind.Money, "Fonds pour l'aide alimentaire", "Une fondation finance l'achat de produits frais pour les épiceries solidaires.", ["alimentation", "solidarité"]),
        (OfferKind.Skills, "Accompagnement de porteurs de projets", "Un réseau d'entrepreneurs accompagne la création d'activités de l'économie sociale et solidaire.", ["entrepreneuriat", "emploi"]),
        (OfferKind.VolunteerTime, "Visites de convivialité", "Des bénévoles rendent visite chaque semaine aux personnes âgées isolées.", ["lien social", "mieux vieillir"]),
        (OfferKind.Place, "Parcelles de jardin à partager", "Une commune met des terrains à disposition pour un jardin partagé et un compost collectif.", ["alimentation", "biodiversité"]),
        (OfferKind.PioneerDays, "Journées de pionniers : garage solidaire", "L'équipe d'un garage solidaire qui fonctionne depuis dix ans vient aider un territoire à lancer le sien.", ["mobilité", "insertion"]),
        (OfferKind.PioneerDays, "Journées de pionniers : épicerie solidaire", "Des fondateurs d'épiceries solidaires partagent leur expérience : approvisionnement, bénévoles, orientation des familles.", ["alimentation", "solidarité"]),
    ];

    private static readonly string[] SolutionTitles =
        ["Un garage solidaire pour aller travailler", "Une épicerie solidaire itinérante", "Des visites de convivialité par des jeunes en service civique",
         "Un transport solidaire à la demande", "Une crèche à horaires atypiques", "Un tiers-lieu dans l'ancienne gare", "Une ressourcerie en chantier d'insertion",
         "Des ateliers de prévention des chutes", "Une maison de santé pluriprofessionnelle", "Des conseillers numériques itinérants",
         "Une centrale solaire villageoise", "Un repair café mensuel", "Une cantine bio approvisionnée en circuit court", "Un relais des aidants",
         "Une auto-école sociale", "Un habitat inclusif pour personnes âgées", "Un café associatif au cœur du village", "Une plateforme de covoiturage rural"];

    // ---- generation and bulk inserts ---------------------------------------------------------------------------

    /// <summary>The directory bench's weights: √population × population / 100 + 1 (the big cities get most entries).</summary>
    private static Func<Random, CommuneRow> Weighted(List<CommuneRow> communes)
    {
        var cumulative = new double[communes.Count];
        double total = 0;
        for (var i = 0; i < communes.Count; i++) cumulative[i] = total += Math.Sqrt(communes[i].Population + 1) * communes[i].Population / 100.0 + 1;
        return random =>
        {
            var at = Array.BinarySearch(cumulative, random.NextDouble() * total);
            return communes[at < 0 ? ~at : at];
        };
    }

    private static T One<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static readonly DateTimeOffsetToBinaryConverter Binary = new();

    private static async Task InsertEntriesAsync(CatalyseFactory factory, List<CommuneRow> communes, Func<Random, CommuneRow> pick, int count, Random random)
    {
        await factory.WithDbAsync(async ctx =>
        {
            var connection = ctx.Database.GetDbConnection();
            await connection.OpenAsync();
            var pg = ctx.Database.IsNpgsql();
            DbTransaction? tx = null;
            await using var command = connection.CreateCommand();
            var columns = new[] { "Kind", "Category", "Name", "Description", "Themes", "Sdgs", "Address", "CommuneCode", "Latitude", "Longitude",
                "Website", "ContactEmail", "Offers", "Status", "CreatedAt", "UpdatedAt", "SourceKey", "Source", "SearchText" };
            command.CommandText = $"INSERT INTO entries ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
            var parameters = columns.ToDictionary(c => c, c =>
            {
                var p = command.CreateParameter();
                p.ParameterName = "@" + c;
                command.Parameters.Add(p);
                return p;
            });
            var start = DateTimeOffset.UtcNow.AddDays(-400);
            for (var i = 0; i < count; i++)
            {
                if (i % 500 == 0)
                {
                    if (tx is not null) await tx.CommitAsync();
                    tx = await connection.BeginTransactionAsync();
                    command.Transaction = tx;
                }
                var commune = pick(random);
                var t = Templates[random.Next(Templates.Length)];
                var name = string.Format(One(random, t.Names), One(random, Words), commune.Name);
                var description = string.Join(" ", t.Does.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Append(One(random, Common)));
                var themes = t.Themes.OrderBy(_ => random.Next()).Take(random.Next(1, t.Themes.Length + 1)).ToArray();
                var offers = string.Join(", ", t.Offers.OrderBy(_ => random.Next()).Take(random.Next(1, 4)));
                // Updated over the last 400 days, in insertion order (as a directory fed over time).
                var at = start.AddSeconds(i * (400.0 * 86400 / count));
                parameters["Kind"].Value = (int)t.Kind;
                parameters["Category"].Value = t.Category;
                parameters["Name"].Value = name;
                parameters["Description"].Value = description;
                parameters["Themes"].Value = pg ? themes : System.Text.Json.JsonSerializer.Serialize(themes);
                parameters["Sdgs"].Value = pg ? Array.Empty<int>() : "[]";
                parameters["Address"].Value = $"{random.Next(1, 120)} rue de la République";
                parameters["CommuneCode"].Value = commune.Code;
                parameters["Latitude"].Value = commune.Lat + (random.NextDouble() - 0.5) * 0.02;
                parameters["Longitude"].Value = commune.Lon + (random.NextDouble() - 0.5) * 0.02;
                parameters["Website"].Value = $"https://entry-{i}.example.org";
                parameters["ContactEmail"].Value = $"contact{i}@example.org";
                parameters["Offers"].Value = offers;
                parameters["Status"].Value = (int)EntryStatus.Published;
                parameters["CreatedAt"].Value = pg ? at : Binary.ConvertToProvider(at);
                parameters["UpdatedAt"].Value = pg ? at : Binary.ConvertToProvider(at);
                parameters["SourceKey"].Value = $"bench-market:{i}";
                parameters["Source"].Value = "bench-market";
                parameters["SearchText"].Value = FrenchText.Index(name, description, string.Join(" ", themes), t.Category, commune.Name);
                if (i == 0) await command.PrepareAsync();
                await command.ExecuteNonQueryAsync();
            }
            await tx!.CommitAsync();
            await tx.DisposeAsync();
        });
    }

    private static async Task<List<int>> InsertSolutionsAsync(CatalyseFactory factory, List<CommuneRow> communes, Func<Random, CommuneRow> pick, int count,
        string author, List<BenchTerritory> territories, Random random)
    {
        var ids = new List<int>();
        for (var done = 0; done < count; done += 1000)
        {
            var batch = Enumerable.Range(done, Math.Min(1000, count - done)).Select(i =>
            {
                var t = Templates[random.Next(Templates.Length)];
                var commune = random.Next(3) == 0 ? communes[random.Next(communes.Count)] : pick(random);
                var title = One(random, SolutionTitles) + " à " + commune.Name;
                var now = DateTimeOffset.UtcNow;
                return new Solution
                {
                    Title = title.Length > 200 ? title[..200] : title,
                    Summary = string.Join(" ", t.Does.OrderBy(_ => random.Next()).Take(2)) + " " + One(random, Common),
                    ForWhom = One(random, Needs).Group,
                    Results = $"{random.Next(20, 400)} personnes accompagnées la première année ; {random.Next(2, 30)} emplois créés.",
                    Cost = $"{random.Next(10, 300)} 000 € par an",
                    Conditions = "Un local, un porteur associatif et le soutien de la commune ; " + One(random, t.Offers) + ".",
                    Themes = t.Themes.OrderBy(_ => random.Next()).Take(random.Next(1, t.Themes.Length + 1)).ToList(),
                    CommuneCode = commune.Code,
                    OriginTerritoryId = random.Next(10) == 0 ? territories[random.Next(territories.Count)].Id : null,
                    CreatedById = author, CreatedAt = now, UpdatedAt = now,
                    AdoptionCount = random.Next(10) < 7 ? 0 : random.Next(1, 6),
                };
            }).ToList();
            await factory.WithDbAsync(async ctx =>
            {
                ctx.AddRange(batch);
                await ctx.SaveChangesAsync();
            });
            ids.AddRange(batch.Select(s => s.Id));
        }
        return ids;
    }

    private static async Task<(List<Need>, List<Offer>)> InsertNeedsAndOffersAsync(CatalyseFactory factory, List<BenchTerritory> territories, string author, Random random)
    {
        var needs = new List<Need>();
        var offers = new List<Offer>();
        var now = DateTimeOffset.UtcNow;
        foreach (var t in territories)
            for (var i = 0; i < 200; i++)
            {
                var n = One(random, Needs);
                var o = One(random, OfferTemplates);
                var commune = t.Communes[random.Next(t.Communes.Count)];
                needs.Add(new Need
                {
                    TerritoryId = t.Id, AuthorId = author, Title = n.Title,
                    Description = n.Description + " " + One(random, NeedDetails), AffectedGroup = n.Group, Themes = [.. n.Themes],
                    CommuneCode = random.Next(5) == 0 ? null : commune, Status = NeedStatus.Qualified, CreatedAt = now, UpdatedAt = now,
                });
                offers.Add(new Offer
                {
                    TerritoryId = t.Id, AuthorId = author, Kind = o.Kind, Title = o.Title, Description = o.Description + " " + One(random, Common),
                    Themes = [.. o.Themes], CommuneCode = commune, Quantity = o.Kind == OfferKind.PioneerDays ? 10 : null, CreatedAt = now, UpdatedAt = now,
                });
            }
        await factory.WithDbAsync(async ctx =>
        {
            ctx.AddRange(needs);
            ctx.AddRange(offers);
            await ctx.SaveChangesAsync();
        });
        return (needs, offers);
    }

    private static async Task IndexEachAsync<T>(CatalyseFactory factory, List<int> ids, Func<T, IndexedText> of) where T : class
    {
        for (var done = 0; done < ids.Count; done += 500)
        {
            using var scope = factory.Services.CreateScope();
            var ctx = scope.ServiceProvider.GetRequiredService<CatalyseDb>();
            var chunk = ids.Skip(done).Take(500).ToList();
            var rows = await ctx.Set<T>().IgnoreQueryFilters().AsNoTracking().Where(x => chunk.Contains(EF.Property<int>(x, "Id"))).ToListAsync();
            var indexer = scope.ServiceProvider.GetRequiredService<MatchIndexer>();
            foreach (var row in rows) await indexer.IndexAsync(of(row), true);
        }
    }

    private static async Task<string> SizeAsync(CatalyseFactory factory, Db db) => await factory.WithDbAsync(async ctx =>
    {
        var connection = ctx.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        if (db == Db.Postgres)
        {
            command.CommandText = "SELECT pg_total_relation_size('match_postings') / 1048576, pg_total_relation_size('match_documents') / 1048576";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return $"match_postings {reader.GetInt64(0):N0} MB with indexes, match_documents {reader.GetInt64(1):N0} MB";
        }
        command.CommandText = "SELECT page_count * page_size / 1048576 FROM pragma_page_count(), pragma_page_size()";
        return $"whole SQLite file {Convert.ToInt64(await command.ExecuteScalarAsync()):N0} MB";
    });

    // ---- latency -----------------------------------------------------------------------------------------------

    private static async Task LatencyAsync(CatalyseFactory factory, string label, List<BenchTerritory> territories, List<(int TerritoryId, Func<IServiceProvider, Task> Call)> calls)
    {
        foreach (var (_, call) in calls.Take(WarmUp))
        {
            using var scope = factory.Services.CreateScope();
            await call(scope.ServiceProvider);
        }
        var all = new List<double>();
        var byTerritory = new Dictionary<int, List<double>>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var (territoryId, call) in calls)
        {
            var watch = Stopwatch.StartNew();
            using (var scope = factory.Services.CreateScope()) await call(scope.ServiceProvider);
            var ms = watch.Elapsed.TotalMilliseconds;
            all.Add(ms);
            (byTerritory.TryGetValue(territoryId, out var l) ? l : byTerritory[territoryId] = []).Add(ms);
        }
        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / calls.Count;
        all.Sort();
        Report(label, $"p50 {P(all, 0.5)} ms, p95 {P(all, 0.95)} ms, p99 {P(all, 0.99)} ms, max {all[^1]:F1} ms, app CPU {cpuPerCall:F1} ms/call (n={all.Count})");
        foreach (var t in territories)
        {
            var s = byTerritory[t.Id].Order().ToList();
            Report($"  {t.Slug} ({t.Communes.Count} communes)", $"p50 {P(s, 0.5)} ms, p95 {P(s, 0.95)} ms, max {s[^1]:F1} ms");
        }
    }

    private static string P(List<double> sorted, double q) => $"{sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))]:F1}";
}
