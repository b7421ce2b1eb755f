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
public sealed class DemoNetwork(CatalyseDb db, TerritoryService territories, MembershipService memberships, Bootstrap bootstrap, ILogger<DemoNetwork> log)
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
    public static IServiceCollection AddDemo(this IServiceCollection services) => services.AddScoped<DemoNetwork>();
}
