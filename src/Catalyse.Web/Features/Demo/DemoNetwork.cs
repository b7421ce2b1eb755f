using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Geo;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Demo;

/// <summary>
/// The demo network (when <c>Catalyse:Demo</c> is true): three real territories on the official
/// geography and one account per role. Idempotent: what exists is left as it is.
/// </summary>
public sealed class DemoNetwork(CatalyseDb db, TerritoryService territories, MembershipService memberships, Bootstrap bootstrap,
    Participation.Petitions.PetitionService petitions, Participation.Votes.VoteService votes, Participation.Consultations.ConsultationService consultations,
    Participation.Meetings.MeetingService meetings, Participation.Surveys.SurveyService surveys, DemoMarketplace marketplace, TimeProvider clock, ILogger<DemoNetwork> log)
{
    public const string Password = "Catalyse-demo-2026";

    public static readonly (string Email, string Name, string Role)[] Accounts =
    [
        ("admin@catalyse.demo", "Alice Administratrice", "Administrateur de la plateforme"),
        ("coordination@catalyse.demo", "Camille Coordinatrice", "Coordinatrice du réseau"),
        ("catalyseur.gueret@catalyse.demo", "Gaël Catalyseur", "Catalyseur du Grand Guéret"),
        ("catalyseur.grenoble@catalyse.demo", "Inès Catalyseuse", "Catalyseuse de Grenoble-Alpes"),
        ("catalyseur.mirecourt@catalyse.demo", "Marc Catalyseur", "Catalyseur de Mirecourt Dompaire"),
        ("membre.gueret@catalyse.demo", "Mona Membre", "Membre (acteur) du Grand Guéret"),
        ("habitant@catalyse.demo", "Hugo Habitant", "Habitant (résident)"),
        ("elue.grenoble@catalyse.demo", "Élise Élue", "Élue de la Ville de Grenoble (examine et répond aux pétitions)"),
    ];

    /// <summary>Printed on the console when the demo starts: where to go and how to sign in.</summary>
    public static void PrintWelcome(ICollection<string> urls, string mailFolder)
    {
        var url = urls.FirstOrDefault() ?? "http://localhost:5000";
        Console.WriteLine();
        Console.WriteLine($"  Catalyse (démo) : {url}");
        Console.WriteLine($"  Territoires : {url}/t/grand-gueret  {url}/t/grenoble-alpes  {url}/t/mirecourt-dompaire");
        Console.WriteLine($"  Comptes de démonstration (mot de passe : {Password}) :");
        foreach (var (email, _, role) in Accounts) Console.WriteLine($"    {email,-38} {role}");
        Console.WriteLine($"  Courriels (sans SMTP) : {mailFolder}");
        Console.WriteLine();
    }

    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        await bootstrap.EnsureUserAsync(Accounts[0].Email, Password, Accounts[0].Name, PlatformRoles.Admin);
        await bootstrap.EnsureUserAsync(Accounts[1].Email, Password, Accounts[1].Name, PlatformRoles.Coordinator);
        var users = new Dictionary<string, User>();
        foreach (var (email, name, _) in Accounts.Skip(2))
            users[email] = await bootstrap.EnsureUserAsync(email, Password, name);

        var gueret = await EnsureTerritoryAsync(new NewTerritory(
            "Territoire innovant du Grand Guéret", "grand-gueret",
            "Prévenir la perte d'autonomie et mieux vieillir dans une agglomération rurale de la Creuse, avec la MGEN, la Fondation Caisse d'Épargne et l'agglomération du Grand Guéret.",
            ["mieux vieillir", "prévention de la perte d'autonomie"], TerritoryType.NouvelleRuralite, TerritoryModel.Laboratoire,
            new PerimeterInput(Epci: ["200034825"])), ct);
        var grenoble = await EnsureTerritoryAsync(new NewTerritory(
            "Grenoble-Alpes-Métropole", "grenoble-alpes",
            "Une métropole alpine où habitants, associations, entreprises et laboratoires co-construisent les transitions ; terrain historique des initiatives citoyennes.",
            ["transition écologique", "participation citoyenne"], TerritoryType.Metropole, null,
            new PerimeterInput(Epci: ["200040715"])), ct);
        var mirecourt = await EnsureTerritoryAsync(new NewTerritory(
            "Mirecourt Dompaire", "mirecourt-dompaire",
            "Une communauté de communes des Vosges qui coopère avec d'autres territoires pour le bien-vivre de ses habitants.",
            ["bien-vivre"], TerritoryType.NouvelleRuralite, TerritoryModel.Cooperatif,
            new PerimeterInput(Epci: ["200068369"])), ct);

        await memberships.EnsureMemberAsync(gueret.Id, users["catalyseur.gueret@catalyse.demo"].Id, TerritoryRole.Catalyst, ct);
        await memberships.EnsureMemberAsync(grenoble.Id, users["catalyseur.grenoble@catalyse.demo"].Id, TerritoryRole.Catalyst, ct);
        await memberships.EnsureMemberAsync(mirecourt.Id, users["catalyseur.mirecourt@catalyse.demo"].Id, TerritoryRole.Catalyst, ct);
        await memberships.EnsureMemberAsync(gueret.Id, users["membre.gueret@catalyse.demo"].Id, TerritoryRole.Member, ct);
        await EnsurePetitionsAsync(grenoble.Id, gueret.Id, users, ct);
        await EnsureVotesAsync(grenoble.Id, gueret.Id, users, ct);
        await EnsureConsultationAsync(gueret.Id, users, ct);
        await EnsureSurveyAsync(gueret.Id, users, ct);
        var coordinator = await db.Users.Where(u => u.Email == Accounts[1].Email).Select(u => u.Id).FirstAsync(ct);
        await marketplace.EnsureAsync(gueret.Id, grenoble.Id, mirecourt.Id, users, coordinator, ct);
    }

    /// <summary>An open survey of the Grand Guéret on the daily life of older people (results at the close).</summary>
    private async Task EnsureSurveyAsync(int gueretId, Dictionary<string, User> users, CancellationToken ct)
    {
        if (await db.Surveys.AnyAsync(s => s.TerritoryId == gueretId, ct)) return;
        var now = clock.GetUtcNow();
        Participation.Surveys.QuestionInput Q(string text, Participation.Surveys.QuestionKind kind, bool required, string? choices = null, int? max = null, int? scale = null) =>
            new(text, kind, required, choices, max, scale);
        await surveys.CreateAsync(gueretId, users["catalyseur.gueret@catalyse.demo"].Id, new("Vieillir chez soi dans le Grand Guéret : votre quotidien",
            "Cinq questions pour préparer la feuille de route « bien vieillir » de l'agglomération. Vos réponses ne sont pas rattachées à votre compte.",
            Participation.Eligibility.IdentityLevel.EmailConfirmed, now.AddDays(-2), now.AddDays(28), false),
            [
                Q("Vous répondez en tant que…", Participation.Surveys.QuestionKind.SingleChoice, true, "Personne de plus de 70 ans\nProche aidant\nProfessionnel de l'aide ou du soin\nAutre habitant"),
                Q("Qu'est-ce qui vous manque le plus au quotidien ?", Participation.Surveys.QuestionKind.MultipleChoice, false,
                    "Transport vers le bourg\nVisites et compagnie\nAide pour les démarches en ligne\nCommerces de proximité\nLogement adapté", 2),
                Q("Vous sentez-vous isolé ?", Participation.Surveys.QuestionKind.Scale, false, scale: 5),
                Q("Votre commune", Participation.Surveys.QuestionKind.ShortText, false),
                Q("Une idée, un besoin, une initiative à faire connaître ?", Participation.Surveys.QuestionKind.LongText, false),
            ], publish: true, ct: ct);
    }

    /// <summary>A consultation of the Grand Guéret in its proposals phase, with two proposals of the demo resident.</summary>
    private async Task EnsureConsultationAsync(int gueretId, Dictionary<string, User> users, CancellationToken ct)
    {
        if (await db.Consultations.AnyAsync(c => c.TerritoryId == gueretId, ct)) return;
        var now = clock.GetUtcNow();
        var (consultation, _) = await consultations.CreateAsync(gueretId, users["catalyseur.gueret@catalyse.demo"].Id, new("Bien vieillir dans le Grand Guéret",
            "Que faudrait-il pour que chacun puisse vieillir chez soi, sans être isolé ?",
            "Isolement, mobilité, aide aux aidants, logement adapté : proposez des idées, soutenez celles des autres. L'agglomération répond à chaque proposition qui réunit 20 soutiens.",
            20, 5, now.AddDays(-10), new Dictionary<Participation.Consultations.PhaseKind, DateTimeOffset?>
            {
                [Participation.Consultations.PhaseKind.Information] = now.AddDays(-3),
                [Participation.Consultations.PhaseKind.Proposals] = now.AddDays(30),
                [Participation.Consultations.PhaseKind.Deliberation] = now.AddDays(45),
                [Participation.Consultations.PhaseKind.FollowUp] = now.AddDays(400),
            }), ct);
        await meetings.CreateAsync(gueretId, users["catalyseur.gueret@catalyse.demo"].Id, new("Réunion publique : bien vieillir chez soi",
            "Présentation des premières propositions de la consultation et échanges avec l'agglomération et les associations d'aide à domicile.",
            "Salle polyvalente, Guéret", now.AddDays(12).Date.AddHours(17), now.AddDays(12).Date.AddHours(19), 100), ct);
        var resident = users["habitant@catalyse.demo"].Id;
        await consultations.ProposeAsync(consultation!.Id, resident, new("Un minibus à la demande pour aller au marché",
            "Beaucoup d'aînés des hameaux ne conduisent plus : un minibus à réserver la veille, deux matinées par semaine, les conduirait au marché de Guéret.",
            "23096", "Marché couvert de Guéret", null), ct);
        await consultations.ProposeAsync(consultation.Id, resident, new("Des visites de convivialité par des bénévoles",
            "Des bénévoles formés rendraient visite chaque semaine aux personnes âgées isolées qui le souhaitent, en lien avec les services d'aide à domicile.",
            null, null, null), ct);
    }

    /// <summary>A participatory budget open in Grenoble and a ranked choice open in the Grand Guéret.</summary>
    private async Task EnsureVotesAsync(int grenobleId, int gueretId, Dictionary<string, User> users, CancellationToken ct)
    {
        if (await db.Votes.AnyAsync(v => v.TerritoryId == grenobleId, ct)) return;
        var now = clock.GetUtcNow();
        await votes.CreateAsync(grenobleId, users["catalyseur.grenoble@catalyse.demo"].Id, new("Budget participatif 2027 : vos projets pour les quartiers",
            "800 000 € pour des projets proposés par les habitants et étudiés par les services. Choisissez ceux que vous voulez voir réalisés, dans la limite du budget.",
            Participation.Votes.VoteMethod.Budget, true, Participation.Eligibility.IdentityLevel.Resident, now.AddDays(-1), now.AddDays(30),
            "Jardin partagé de l'Abbaye | 120000\nAbris à vélos sécurisés près des écoles | 180000\nRénovation du skatepark de la Villeneuve | 250000\n" +
            "Fontaines à eau dans les parcs | 90000\nFresque participative à Mistral | 60000\nBancs et ombrages place Saint-Bruno | 150000",
            null, null, 800_000, 0), ct);
        await votes.CreateAsync(gueretId, users["catalyseur.gueret@catalyse.demo"].Id, new("Quel service de mobilité pour les aînés en priorité ?",
            "Classez les services selon vos priorités : le plus souhaité en premier.", Participation.Votes.VoteMethod.Ranked, true,
            Participation.Eligibility.IdentityLevel.Resident, now.AddDays(-1), now.AddDays(14),
            "Transport à la demande vers le bourg\nCovoiturage solidaire entre voisins\nNavette du marché le samedi\nAccompagnement aux rendez-vous médicaux",
            null, null, null, null), ct);
    }

    /// <summary>
    /// The authorities residents address petitions to, after Grenoble's 2016–2018 scheme (quorum 2,000, then a
    /// votation), and two petitions by the demo resident: one collecting signatures, one refused as outside the
    /// city's competences.
    /// </summary>
    private async Task EnsurePetitionsAsync(int grenobleId, int gueretId, Dictionary<string, User> users, CancellationToken ct)
    {
        if (await db.PetitionAuthorities.AnyAsync(a => a.TerritoryId == grenobleId, ct)) return;
        var (city, _) = await petitions.SaveAuthorityAsync(grenobleId, null, new("Ville de Grenoble",
            "Urbanisme et permis de construire\nVoirie communale et stationnement\nÉcoles maternelles et élémentaires\nAction sociale (CCAS)\n" +
            "Culture, bibliothèques et vie associative\nSport\nEspaces verts et propreté\nPolice municipale et tranquillité publique",
            2000, 90, Participation.Eligibility.IdentityLevel.Resident, "elue.grenoble@catalyse.demo"), ct);
        await petitions.SaveAuthorityAsync(grenobleId, null, new("Grenoble-Alpes-Métropole",
            "Transports et mobilité\nEau et assainissement\nCollecte et traitement des déchets\nDéveloppement économique\nHabitat\nVoirie métropolitaine",
            2000, 90, Participation.Eligibility.IdentityLevel.Resident, null), ct);
        await petitions.SaveAuthorityAsync(gueretId, null, new("Communauté d'agglomération du Grand Guéret",
            "Transports et mobilité\nAction sociale d'intérêt communautaire\nHabitat\nDéveloppement économique\nCollecte des déchets",
            500, 120, Participation.Eligibility.IdentityLevel.Resident, null), ct);
        var resident = users["habitant@catalyse.demo"].Id;
        var reviewer = users["elue.grenoble@catalyse.demo"].Id;
        var (parking, _) = await petitions.FileAsync(grenobleId, resident, new(city!.Id, "Revenir sur la hausse du tarif de stationnement résident",
            "La hausse du tarif de stationnement résident pèse sur les ménages qui n'ont pas d'autre solution que la voiture. Nous demandons " +
            "un tarif progressif selon le quotient familial et une concertation avec les unions de quartier.", "Voirie communale et stationnement"), ct);
        await petitions.ReviewAsync(parking!.Id, reviewer, new(true, null, Participation.Petitions.PetitionNextStep.Vote), ct);
        var (train, _) = await petitions.FileAsync(grenobleId, resident, new(city.Id, "Plus de trains directs entre Grenoble et Lyon",
            "Les trains directs entre Grenoble et Lyon sont trop rares aux heures de pointe ; nous demandons un cadencement à la demi-heure " +
            "pour les personnes qui travaillent dans les deux villes.", Participation.Petitions.PetitionService.OtherCompetence), ct);
        await petitions.ReviewAsync(train!.Id, reviewer, new(false, "Les dessertes ferroviaires relèvent de la Région et de la SNCF, pas des compétences municipales.", null), ct);
    }

    private async Task<Territory> EnsureTerritoryAsync(NewTerritory input, CancellationToken ct)
    {
        var existing = await db.Territories.FirstOrDefaultAsync(t => t.Slug == input.Slug, ct);
        if (existing is not null) return existing;
        var (territory, errors) = await territories.CreateAsync(input, ct);
        if (territory is null)
            throw new InvalidOperationException($"Demo territory {input.Slug}: {string.Join("; ", errors.SelectMany(e => e.Value))}");
        // A programme under way, so that the home page shows where the territory stands.
        var steps = await db.ProgrammeSteps.Where(s => s.TerritoryId == territory.Id).OrderBy(s => s.Number).ToListAsync(ct);
        var start = DateOnly.FromDateTime(territory.CreatedAt.UtcDateTime);
        for (var i = 0; i < steps.Count; i++)
        {
            steps[i].StartDate = start.AddMonths(i * 2 - 2);
            steps[i].DueDate = start.AddMonths(i * 2);
            steps[i].Status = i == 0 ? StepStatus.Done : i == 1 ? StepStatus.InProgress : StepStatus.NotStarted;
        }
        steps[0].Deliverables = "Carte des acteurs, lieux et initiatives du territoire";
        steps[1].Deliverables = "Charte de la communauté de projet ; premier comité de pilotage";
        await db.SaveChangesAsync(ct);
        log.LogInformation("Demo territory {Slug} created: {Population} inhabitants, {Communes} communes", territory.Slug, territory.Population, territory.CommuneCount);
        return territory;
    }
}

public static class DemoSetup
{
    public static IServiceCollection AddDemo(this IServiceCollection services) => services.AddScoped<DemoNetwork>().AddScoped<DemoMarketplace>();
}
