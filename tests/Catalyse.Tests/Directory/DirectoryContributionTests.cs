using System.Net;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Directory;

/// <summary>Suggestion by anyone signed in, moderation by the territory's catalysts, validation of identifiers.</summary>
public abstract class DirectoryContributionTests(CatalyseFactory factory)
{
    private static (string, string)[] Form(string name, string commune = DirectoryData.Gueret, string siret = "") =>
    [
        ("Input.Kind", "Actor"), ("Input.Category", "association"), ("Input.Name", name), ("Input.CommuneCode", commune),
        ("Input.Description", "Proposée par un test."), ("Input.Themes", "essai, mobilité"), ("Input.Siret", siret),
    ];

    private Task<int?> IdByNameAsync(string name) =>
        factory.WithDbAsync(db => db.Entries.Where(e => e.Name == name).Select(e => (int?)e.Id).SingleOrDefaultAsync());

    /// <summary>The card of a pending entry in the moderation queue (walking its pages), or null.</summary>
    private static async Task<AngleSharp.Dom.IElement?> QueueCardAsync(TestClient catalyst, string slug, string name)
    {
        for (var p = 1; p < 50; p++)
        {
            using var response = await catalyst.GetAsync($"/t/{slug}/directory/moderation?p={p}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
            var cards = doc.QuerySelectorAll("ul.entry-list li.card").ToList();
            if (cards.FirstOrDefault(c => c.QuerySelector("h2")?.TextContent.Trim() == name) is { } card) return card;
            if (cards.Count == 0 || doc.QuerySelector("a[rel=next]") is null && p > 1 && cards.Count < 20) return null;
        }
        return null;
    }

    [Fact]
    public async Task A_resident_suggests_an_entry_which_waits_for_the_catalyst_who_publishes_it()
    {
        var token = DirectoryData.Token();
        var name = $"Repair café {token}";
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/t/grand-gueret/directory/new")).StatusCode);
        using var posted = await resident.PostFormAsync("/t/grand-gueret/directory/new", Form(name));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/t/grand-gueret/directory", posted.Headers.Location?.OriginalString);

        var id = await IdByNameAsync(name) ?? throw new Xunit.Sdk.XunitException("The suggestion was not stored.");
        var stored = await DirectoryData.LoadAsync(factory, id);
        Assert.Equal(EntryStatus.Pending, stored.Status);
        Assert.Equal(["essai", "mobilité"], stored.Themes);
        // Not public yet.
        using var anonymous = factory.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/t/grand-gueret/directory/{id}")).StatusCode);
        Assert.Equal(0, (await DirectoryData.ListAsync(anonymous.Http, $"/api/v1/territories/grand-gueret/actors?q={token}")).Total);

        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        var card = await QueueCardAsync(catalyst, "grand-gueret", name);
        Assert.NotNull(card);
        Assert.DoesNotContain("Doublon probable", card!.TextContent);
        using var approved = await catalyst.PostFormAsync($"/t/grand-gueret/directory/moderation?handler=Approve&id={id}", [], "/t/grand-gueret/directory/moderation");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(EntryStatus.Published, (await DirectoryData.LoadAsync(factory, id)).Status);
        Assert.Null(await QueueCardAsync(catalyst, "grand-gueret", name));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/t/grand-gueret/directory/{id}")).StatusCode);
        Assert.Equal(1, (await DirectoryData.ListAsync(anonymous.Http, $"/api/v1/territories/grand-gueret/actors?q={token}")).Total);
        // Approving twice finds nothing pending.
        using var again = await catalyst.PostFormAsync($"/t/grand-gueret/directory/moderation?handler=Approve&id={id}", [], "/t/grand-gueret/directory/moderation");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Likely_duplicates_are_flagged_by_name_and_commune_and_by_siret()
    {
        var token = DirectoryData.Token();
        var sameName = $"Ressourcerie du Pays {token}";
        var published = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = sameName, communeCode = DirectoryData.Gueret });
        var withSiret = await DirectoryData.CreateAsync(factory, new { kind = "actor", name = $"Entreprise {token}", communeCode = DirectoryData.Gueret, siret = "73282932000074" });
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        var byName = sameName.ToUpperInvariant();
        var bySiret = $"Tout autre nom {token}";
        var distinct = $"Sans rapport {token}";
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new", Form(byName))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new", Form(bySiret, siret: "732 829 320 00074"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new", Form(distinct))).StatusCode);

        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        var nameCard = await QueueCardAsync(catalyst, "grand-gueret", byName);
        Assert.Contains("Doublon probable", nameCard!.TextContent);
        Assert.Contains(nameCard.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/t/grand-gueret/directory/{published}");
        var siretCard = await QueueCardAsync(catalyst, "grand-gueret", bySiret);
        Assert.Contains("Doublon probable", siretCard!.TextContent);
        Assert.Contains(siretCard.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/t/grand-gueret/directory/{withSiret}");
        var distinctCard = await QueueCardAsync(catalyst, "grand-gueret", distinct);
        Assert.DoesNotContain("Doublon probable", distinctCard!.TextContent);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_which_is_kept()
    {
        var name = $"Proposition à refuser {DirectoryData.Token()}";
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new", Form(name))).StatusCode);
        var id = (await IdByNameAsync(name))!.Value;
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);

        foreach (var reason in new[] { "", "   " })
        {
            using var refused = await catalyst.PostFormAsync($"/t/grand-gueret/directory/moderation?handler=Reject&id={id}", [new("Reason", reason)], "/t/grand-gueret/directory/moderation");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var doc = TestClient.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("Indiquez le motif du refus.", doc.QuerySelector(".validation-summary-errors li")?.TextContent.Trim());
            Assert.Equal(EntryStatus.Pending, (await DirectoryData.LoadAsync(factory, id)).Status);
        }
        using var rejected = await catalyst.PostFormAsync($"/t/grand-gueret/directory/moderation?handler=Reject&id={id}", [new("Reason", "  Hors du périmètre thématique  ")], "/t/grand-gueret/directory/moderation");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var stored = await DirectoryData.LoadAsync(factory, id);
        Assert.Equal(EntryStatus.Rejected, stored.Status);
        Assert.Equal("Hors du périmètre thématique", stored.RejectionReason);
        Assert.Null(await QueueCardAsync(catalyst, "grand-gueret", name));
        using var anonymous = factory.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/t/grand-gueret/directory/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_catalyst_of_another_territory_cannot_moderate_and_nothing_changes()
    {
        var name = $"Proposition guérétoise {DirectoryData.Token()}";
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new", Form(name))).StatusCode);
        var id = (await IdByNameAsync(name))!.Value;
        var before = await DirectoryData.LoadAsync(factory, id);

        using var grenoble = await factory.SignedInAsync(DirectoryData.GrenobleCatalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await grenoble.GetAsync("/t/grand-gueret/directory/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grenoble.PostFormAsync($"/t/grand-gueret/directory/moderation?handler=Approve&id={id}", [], "/t/grenoble-alpes/directory/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grenoble.PostFormAsync($"/t/grand-gueret/directory/moderation?handler=Reject&id={id}", [new("Reason", "Intrusion")], "/t/grenoble-alpes/directory/moderation")).StatusCode);
        // Through their own territory's queue, the entry of another territory is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await grenoble.PostFormAsync($"/t/grenoble-alpes/directory/moderation?handler=Approve&id={id}", [], "/t/grenoble-alpes/directory/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grenoble.PostFormAsync($"/t/grenoble-alpes/directory/moderation?handler=Reject&id={id}", [new("Reason", "Intrusion")], "/t/grenoble-alpes/directory/moderation")).StatusCode);
        Assert.Null(await QueueCardAsync(grenoble, "grenoble-alpes", name));

        var after = await DirectoryData.LoadAsync(factory, id);
        Assert.Equal((before.Status, before.RejectionReason, before.UpdatedAt), (after.Status, after.RejectionReason, after.UpdatedAt));
        Assert.Equal(EntryStatus.Pending, after.Status);
    }

    [Fact]
    public async Task A_catalysts_own_entry_is_published_at_once()
    {
        var name = $"Tiers-lieu du catalyseur {DirectoryData.Token()}";
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        using var posted = await catalyst.PostFormAsync("/t/grand-gueret/directory/new", Form(name));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = (await IdByNameAsync(name))!.Value;
        Assert.Equal($"/t/grand-gueret/directory/{id}", posted.Headers.Location?.OriginalString);
        Assert.Equal(EntryStatus.Published, (await DirectoryData.LoadAsync(factory, id)).Status);
        using var anonymous = factory.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/t/grand-gueret/directory/{id}")).StatusCode);
    }

    [Theory]
    [InlineData(DirectoryData.Grenoble, "Cette commune n'est pas dans le périmètre du territoire.")]
    [InlineData("99999", "Code inconnu : 99999")]
    [InlineData("", "Ce champ est obligatoire.")]
    public async Task A_commune_outside_the_territory_gets_a_field_message_and_nothing_is_stored(string commune, string message)
    {
        var name = $"Hors périmètre {DirectoryData.Token()}";
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        using var response = await resident.PostFormAsync("/t/grand-gueret/directory/new", Form(name, commune));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, doc.QuerySelector("[data-valmsg-for='Input.CommuneCode']")?.TextContent.Trim());
        Assert.Equal(name, doc.QuerySelector("#Input_Name")?.GetAttribute("value"));
        Assert.Null(await IdByNameAsync(name));
    }

    [Fact]
    public async Task Signing_in_is_needed_to_suggest()
    {
        using var anonymous = factory.Client();
        using var response = await anonymous.GetAsync("/t/grand-gueret/directory/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    public static TheoryData<string, string, string?> Identifiers => new()
    {
        { "valid SIRET", """{"siret":"73282932000074"}""", null },
        { "valid SIRET with spaces", """{"siret":"732 829 320 00074"}""", null },
        { "valid SIRET and its SIREN", """{"siret":"73282932000074","siren":"732829320"}""", null },
        { "SIRET with a wrong checksum", """{"siret":"73282932000075"}""", "siret" },
        { "SIRET of 13 digits", """{"siret":"7328293200007"}""", "siret" },
        { "SIRET with a letter", """{"siret":"7328293200007A"}""", "siret" },
        { "SIRET not starting with the SIREN", """{"siret":"73282932000074","siren":"552100554"}""", "siret" },
        { "SIREN with a wrong checksum", """{"siren":"732829321"}""", "siren" },
        { "valid RNA", """{"rna":"W751234567"}""", null },
        { "valid RNA in lower case", """{"rna":"w751234567"}""", null },
        { "RNA not starting with W", """{"rna":"X123"}""", "rna" },
        { "RNA too short", """{"rna":"W75123456"}""", "rna" },
        { "https website", """{"website":"https://exemple.org/acteur"}""", null },
        { "javascript: website", """{"website":"javascript:alert(1)"}""", "website" },
        { "ftp website", """{"website":"ftp://exemple.org/"}""", "website" },
        { "relative website", """{"website":"exemple.org"}""", "website" },
        { "bad email", """{"contactEmail":"pas-une-adresse"}""", "contactEmail" },
        { "sdg 18", """{"sdgs":[3,18]}""", "sdgs" },
        { "unknown category", """{"category":"fablab"}""", "category" },
        { "commune outside the territory", """{"communeCode":"38185"}""", "communeCode" },
        { "latitude out of range", """{"latitude":91,"longitude":2}""", "latitude" },
    };

    [Theory]
    [MemberData(nameof(Identifiers))]
    public async Task The_api_validates_identifiers_and_urls(string what, string fields, string? badField)
    {
        var name = $"Identifiants {DirectoryData.Token()}";
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>($$"""{"kind":"actor","category":"association","name":"{{name}}","communeCode":"23096"}""")!;
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fields)!) body[key] = value;
        using var response = await DirectoryData.PostAsync(factory, body);
        var text = await response.Content.ReadAsStringAsync();
        if (badField is null)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{what}: {(int)response.StatusCode} {text}");
            var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
            var stored = await DirectoryData.LoadAsync(factory, id);
            Assert.Equal(EntryStatus.Published, stored.Status);
            if (fields.Contains("siret")) Assert.Equal(("73282932000074", "732829320"), (stored.Siret, stored.Siren));
            if (fields.Contains("rna")) Assert.Equal("W751234567", stored.Rna);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(errors.SequenceEqual([badField]), $"{what}: problem details name [{string.Join(", ", errors)}], expected [{badField}]");
        Assert.Null(await IdByNameAsync(name));
    }

    [Fact]
    public async Task Only_catalysts_of_the_territory_create_through_the_api()
    {
        var grenobleToken = await Tokens.OfDemoAccountAsync(factory, DirectoryData.GrenobleCatalyst);
        var gueretToken = await Tokens.OfDemoAccountAsync(factory, DirectoryData.GueretCatalyst);
        var name = $"Par jeton {DirectoryData.Token()}";
        var body = new { kind = "place", category = "fablab", name, communeCode = DirectoryData.Gueret };
        using (var refused = await DirectoryData.PostAsync(factory, body, token: grenobleToken))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(await IdByNameAsync(name));
        using (var unauthenticated = await factory.CreateClient().PostAsync("/api/v1/territories/grand-gueret/actors", System.Net.Http.Json.JsonContent.Create(body)))
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        using (var created = await DirectoryData.PostAsync(factory, body, token: gueretToken))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(await IdByNameAsync(name));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryContributionSqliteTests(CatalyseFactory factory) : DirectoryContributionTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryContributionPostgresTests(PostgresFactory factory) : DirectoryContributionTests(factory);
