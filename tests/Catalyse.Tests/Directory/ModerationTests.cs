using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Directory.Contribution;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Directory;

/// <summary>Suggested and direct edits, history, merges of duplicates, reports and hiding — in a territory and in the network.</summary>
public abstract class ModerationTests(CatalyseFactory factory)
{
    private const string Queue = "/t/grand-gueret/directory/moderation";

    private static (string, string)[] EditForm(Entry e, params (string Key, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Kind"] = e.Kind.ToString(), ["Input.Category"] = e.Category ?? "", ["Input.Name"] = e.Name, ["Input.Description"] = e.Description,
            ["Input.Themes"] = string.Join(", ", e.Themes), ["Input.CommuneCode"] = e.CommuneCode ?? "", ["Input.Address"] = e.Address ?? "",
            ["Input.Latitude"] = e.Latitude?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["Input.Longitude"] = e.Longitude?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["Input.Website"] = e.Website ?? "", ["Input.ContactEmail"] = e.ContactEmail ?? "", ["Input.Siret"] = e.Siret ?? "", ["Input.Rna"] = e.Rna ?? "",
            ["Input.Offers"] = e.Offers,
        };
        foreach (var (k, v) in changes) fields[k] = v;
        return [.. fields.Select(kv => (kv.Key, kv.Value)), .. e.Sdgs.Select(s => ("Input.Sdgs", s.ToString()))];
    }

    private async Task<Entry> PublishedAsync(string name, object? extra = null, string slug = "grand-gueret", string commune = DirectoryData.Gueret)
    {
        var body = new Dictionary<string, object?> { ["kind"] = "actor", ["category"] = "association", ["name"] = name, ["communeCode"] = commune, ["description"] = "Une association du test." };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var id = await DirectoryData.CreateAsync(factory, body, slug);
        return await DirectoryData.LoadAsync(factory, id);
    }

    private Task<List<EntryChange>> HistoryAsync(int id) => factory.WithDbAsync(db => db.EntryChanges.Where(c => c.EntryId == id).OrderBy(c => c.Id).ToListAsync());

    [Fact]
    public async Task A_residents_edit_waits_for_the_catalyst_who_sees_the_difference_and_applies_it_with_history()
    {
        var entry = await PublishedAsync($"Épicerie solidaire {DirectoryData.Token()}");
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync($"/t/grand-gueret/directory/{entry.Id}/edit")).StatusCode);
        using var posted = await resident.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/edit",
            [.. EditForm(entry, ("Input.Website", "https://epicerie.example.org"), ("Input.Description", "Ouverte le samedi.")), ("Comment", "Vu sur leur affiche")]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        // Nothing changes before moderation.
        var unchanged = await DirectoryData.LoadAsync(factory, entry.Id);
        Assert.Equal((entry.Website, entry.Description), (unchanged.Website, unchanged.Description));

        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        var doc = await catalyst.GetDocumentAsync($"{Queue}?tab=edits");
        var card = doc.QuerySelectorAll("li.card").Single(c => c.QuerySelector("h2")?.TextContent.Trim() == entry.Name);
        var rows = card.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("th,td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(rows, r => r.SequenceEqual(["Site web", "", "https://epicerie.example.org"]));
        Assert.Contains(rows, r => r.SequenceEqual(["Description", "Une association du test.", "Ouverte le samedi."]));
        Assert.Equal(2, rows.Count);
        Assert.Contains("Vu sur leur affiche", card.TextContent);
        Assert.Contains("Hugo Habitant", card.TextContent);

        var suggestionId = await factory.WithDbAsync(db => db.EntrySuggestions.Where(s => s.EntryId == entry.Id).Select(s => s.Id).SingleAsync());
        using var applied = await catalyst.PostFormAsync($"{Queue}?handler=Apply&id={suggestionId}&tab=edits", [], Queue);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var after = await DirectoryData.LoadAsync(factory, entry.Id);
        Assert.Equal(("https://epicerie.example.org", "Ouverte le samedi."), (after.Website, after.Description));
        Assert.Equal(entry.Name, after.Name);
        var change = Assert.Single(await HistoryAsync(entry.Id));
        Assert.Equal(ChangeAction.SuggestionApplied, change.Action);
        Assert.Equal(["description", "website"], change.Fields);
        Assert.NotNull(change.ModeratorId);
        Assert.NotEqual(change.AuthorId, change.ModeratorId);

        using var anonymous = factory.Client();
        var history = await anonymous.GetDocumentAsync($"/t/grand-gueret/directory/{entry.Id}/history");
        var lines = history.QuerySelectorAll("ol.history li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("Modification proposée et acceptée", lines[0]);
        Assert.Contains("Hugo Habitant", lines[0]);
        Assert.Contains("Gaël Catalyseur", lines[0]);
        Assert.Contains("Site web", lines[0]);
        Assert.Contains("Créée", lines[1]);
        // Applied once: the queue is empty for it and applying again finds nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await catalyst.PostFormAsync($"{Queue}?handler=Apply&id={suggestionId}&tab=edits", [], Queue)).StatusCode);
    }

    [Fact]
    public async Task One_pending_suggestion_per_person_and_entry_even_under_parallel_requests()
    {
        var entry = await PublishedAsync($"Jardin partagé {DirectoryData.Token()}");
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        var token = await resident.AntiforgeryTokenAsync($"/t/grand-gueret/directory/{entry.Id}/edit");
        var posts = Enumerable.Range(0, 12).Select(i => resident.Http.PostAsync($"/t/grand-gueret/directory/{entry.Id}/edit", new FormUrlEncodedContent(
            [.. EditForm(entry, ("Input.Description", $"Version {i}")).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)),
                new KeyValuePair<string, string>("__RequestVerificationToken", token)])));
        var responses = await Task.WhenAll(posts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var pending = await factory.WithDbAsync(db => db.EntrySuggestions.Where(s => s.EntryId == entry.Id && s.Status == SuggestionStatus.Pending).ToListAsync());
        var one = Assert.Single(pending);
        Assert.Equal(["description"], one.Fields);
    }

    [Fact]
    public async Task An_edit_that_changes_nothing_or_breaks_a_rule_is_refused_with_a_field_message()
    {
        var entry = await PublishedAsync($"Fablab {DirectoryData.Token()}");
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        using var same = await resident.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/edit", EditForm(entry));
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("Aucune modification", await same.Content.ReadAsStringAsync());
        using var bad = await resident.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/edit",
            EditForm(entry, ("Input.Siret", "12345678901234"), ("Input.Latitude", "nord")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var doc = TestClient.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal("Latitude invalide.", doc.QuerySelector("[data-valmsg-for='Input.Latitude']")?.TextContent.Trim());
        using var outside = await resident.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/edit", EditForm(entry, ("Input.CommuneCode", DirectoryData.Grenoble)));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.EntrySuggestions.CountAsync(s => s.EntryId == entry.Id)));
    }

    [Fact]
    public async Task A_catalysts_edit_is_applied_at_once_and_recorded_and_another_territory_cannot_reach_the_entry()
    {
        var entry = await PublishedAsync($"Coworking {DirectoryData.Token()}");
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        var form = await catalyst.GetDocumentAsync($"/t/grand-gueret/directory/{entry.Id}/edit");
        Assert.Equal(entry.Name, form.QuerySelector("#Input_Name")?.GetAttribute("value"));
        using var posted = await catalyst.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/edit",
            [.. EditForm(entry, ("Input.Name", entry.Name + " renommé"), ("Input.Themes", "numérique, travail")), ("Input.Sdgs", "8"), ("Input.Sdgs", "9")]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await DirectoryData.LoadAsync(factory, entry.Id);
        Assert.Equal(entry.Name + " renommé", after.Name);
        Assert.Equal(["numérique", "travail"], after.Themes);
        Assert.Equal([8, 9], after.Sdgs);
        var change = Assert.Single(await HistoryAsync(entry.Id));
        Assert.Equal((ChangeAction.Edited, null), (change.Action, change.ModeratorId));
        Assert.Equal(["name", "themes", "sdgs"], change.Fields);
        // The renamed entry is found by its new name (the search text follows).
        using var anonymous = factory.Client();
        Assert.Equal(1, (await DirectoryData.ListAsync(anonymous.Http, $"/api/v1/territories/grand-gueret/actors?q={Uri.EscapeDataString(entry.Name.Split(' ')[1])}+renomme")).Total);

        using var grenoble = await factory.SignedInAsync(DirectoryData.GrenobleCatalyst);
        Assert.Equal(HttpStatusCode.NotFound, (await grenoble.GetAsync($"/t/grenoble-alpes/directory/{entry.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grenoble.GetAsync($"/t/grenoble-alpes/directory/{entry.Id}/manage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grenoble.GetAsync($"/t/grand-gueret/directory/{entry.Id}/manage")).StatusCode);
    }

    [Fact]
    public async Task Merging_a_duplicate_keeps_one_entry_with_the_missing_values_and_the_old_address_leads_to_it()
    {
        var token = DirectoryData.Token();
        var kept = await PublishedAsync($"Ressourcerie {token}", new { themes = new[] { "réemploi" } });
        var duplicate = await PublishedAsync($"La ressourcerie {token}", new { website = "https://ressourcerie.example.org", themes = new[] { "déchets" }, sdgs = new[] { 12 } });
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync($"/t/grand-gueret/directory/{duplicate.Id}/edit",
            EditForm(duplicate, ("Input.Phone", "05 55 00 00 00")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync($"/t/grand-gueret/directory/{duplicate.Id}/report", ("Reason", "Duplicate"))).StatusCode);

        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        using var self = await catalyst.PostFormAsync($"/t/grand-gueret/directory/{duplicate.Id}/manage?handler=Merge", [new("Target", duplicate.Id.ToString())], $"/t/grand-gueret/directory/{duplicate.Id}/manage");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        var grenobleEntry = await PublishedAsync($"Ailleurs {token}", slug: "grenoble-alpes", commune: DirectoryData.Grenoble);
        using var elsewhere = await catalyst.PostFormAsync($"/t/grand-gueret/directory/{duplicate.Id}/manage?handler=Merge", [new("Target", grenobleEntry.Id.ToString())], $"/t/grand-gueret/directory/{duplicate.Id}/manage");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Equal(EntryStatus.Published, (await DirectoryData.LoadAsync(factory, duplicate.Id)).Status);

        using var merged = await catalyst.PostFormAsync($"/t/grand-gueret/directory/{duplicate.Id}/manage?handler=Merge", [new("Target", kept.Id.ToString())], $"/t/grand-gueret/directory/{duplicate.Id}/manage");
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        var gone = await DirectoryData.LoadAsync(factory, duplicate.Id);
        Assert.Equal((EntryStatus.Merged, (int?)kept.Id), (gone.Status, gone.MergedIntoId));
        var target = await DirectoryData.LoadAsync(factory, kept.Id);
        Assert.Equal("https://ressourcerie.example.org", target.Website);
        Assert.Equal(["réemploi", "déchets"], target.Themes);
        Assert.Equal([12], target.Sdgs);
        Assert.Equal("Une association du test.", target.Description); // its own value stays
        Assert.Contains(" dechet ", target.SearchText);

        using var anonymous = factory.Client();
        using var old = await anonymous.GetAsync($"/t/grand-gueret/directory/{duplicate.Id}");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal($"/t/grand-gueret/directory/{kept.Id}", old.Headers.Location?.OriginalString);
        Assert.Equal(1, (await DirectoryData.ListAsync(anonymous.Http, $"/api/v1/territories/grand-gueret/actors?q={token}")).Total);
        Assert.Equal(ChangeAction.Absorbed, (await HistoryAsync(kept.Id)).Single().Action);
        Assert.Equal(ChangeAction.MergedInto, (await HistoryAsync(duplicate.Id)).Single().Action);
        Assert.Equal(0, await factory.WithDbAsync(db => db.EntrySuggestions.CountAsync(s => s.EntryId == duplicate.Id && s.Status == SuggestionStatus.Pending)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.EntryReports.CountAsync(r => r.EntryId == duplicate.Id && r.Status == ReportStatus.Open)));
    }

    [Fact]
    public async Task A_suggested_entry_flagged_as_duplicate_is_merged_from_the_queue()
    {
        var token = DirectoryData.Token();
        var existing = await PublishedAsync($"Maison des associations {token}");
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync("/t/grand-gueret/directory/new", ("Input.Kind", "Actor"),
            ("Input.Name", $"Maison des Associations {token}"), ("Input.CommuneCode", DirectoryData.Gueret), ("Input.ContactEmail", "maison@example.org"))).StatusCode);
        var pendingId = await factory.WithDbAsync(db => db.Entries.Where(e => e.Status == EntryStatus.Pending && e.Name == $"Maison des Associations {token}").Select(e => e.Id).SingleAsync());
        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        var doc = await catalyst.GetDocumentAsync(Queue);
        var card = doc.QuerySelectorAll("li.card").Single(c => c.QuerySelector("h2")?.TextContent.Trim() == $"Maison des Associations {token}");
        Assert.Equal(existing.Id.ToString(), card.QuerySelector("form[action*='handler=Merge'] input[name=Target]")?.GetAttribute("value"));
        using var merged = await catalyst.PostFormAsync($"{Queue}?handler=Merge&id={pendingId}", [new("Target", existing.Id.ToString())], Queue);
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(EntryStatus.Merged, (await DirectoryData.LoadAsync(factory, pendingId)).Status);
        Assert.Equal("maison@example.org", (await DirectoryData.LoadAsync(factory, existing.Id)).ContactEmail);
    }

    [Fact]
    public async Task Anyone_reports_an_entry_once_and_the_catalyst_dismisses_or_hides_it()
    {
        var entry = await PublishedAsync($"Lieu fermé {DirectoryData.Token()}");
        using var anonymous = factory.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/t/grand-gueret/directory/{entry.Id}/report")).StatusCode);
        using var noReason = await anonymous.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/report", ("Message", "?"));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var otherWithoutWords = await anonymous.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/report", ("Reason", "Other"));
        Assert.Equal(HttpStatusCode.BadRequest, otherWithoutWords.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.EntryReports.CountAsync(r => r.EntryId == entry.Id)));
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await anonymous.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/report", ("Reason", "Closed"), ("Message", "Fermé depuis juin"))).StatusCode);
        var report = Assert.Single(await factory.WithDbAsync(db => db.EntryReports.Where(r => r.EntryId == entry.Id).ToListAsync()));
        Assert.Null(report.ReporterId);
        Assert.DoesNotContain("127.0.0.1", report.ReporterKey);

        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        var doc = await catalyst.GetDocumentAsync($"{Queue}?tab=reports");
        var card = doc.QuerySelectorAll("li.card").Single(c => c.QuerySelector("h2")?.TextContent.Trim() == entry.Name);
        Assert.Contains("Fermé depuis juin", card.TextContent);
        Assert.Contains("n'existe plus", card.TextContent);

        using var hideWithoutReason = await catalyst.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/manage?handler=Hide", [new("Reason", " ")], $"/t/grand-gueret/directory/{entry.Id}/manage");
        Assert.Equal(HttpStatusCode.BadRequest, hideWithoutReason.StatusCode);
        using var hidden = await catalyst.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/manage?handler=Hide", [new("Reason", "Fermé définitivement")], $"/t/grand-gueret/directory/{entry.Id}/manage");
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/t/grand-gueret/directory/{entry.Id}")).StatusCode);
        Assert.Equal(ReportStatus.Resolved, (await factory.WithDbAsync(db => db.EntryReports.SingleAsync(r => r.EntryId == entry.Id))).Status);
        var hiddenTab = await catalyst.GetDocumentAsync($"{Queue}?tab=hidden");
        Assert.Contains(hiddenTab.QuerySelectorAll("ul.entry-list a"), a => a.GetAttribute("href") == $"/t/grand-gueret/directory/{entry.Id}/manage");

        using var restored = await catalyst.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/manage?handler=Restore", [], $"/t/grand-gueret/directory/{entry.Id}/manage");
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/t/grand-gueret/directory/{entry.Id}")).StatusCode);
        Assert.Equal([ChangeAction.Hidden, ChangeAction.Restored], (await HistoryAsync(entry.Id)).Select(c => c.Action));

        // A new report, dismissed.
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync($"/t/grand-gueret/directory/{entry.Id}/report", ("Reason", "Incorrect"))).StatusCode);
        var open = await factory.WithDbAsync(db => db.EntryReports.SingleAsync(r => r.EntryId == entry.Id && r.Status == ReportStatus.Open));
        using var dismissed = await catalyst.PostFormAsync($"{Queue}?handler=Dismiss&id={open.Id}&tab=reports", [], Queue);
        Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
        Assert.Equal(ReportStatus.Dismissed, (await factory.WithDbAsync(db => db.EntryReports.SingleAsync(r => r.Id == open.Id))).Status);
    }

    [Fact]
    public async Task One_open_report_per_person_and_entry_under_parallel_requests()
    {
        var entry = await PublishedAsync($"Signalé en rafale {DirectoryData.Token()}");
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        var token = await resident.AntiforgeryTokenAsync($"/t/grand-gueret/directory/{entry.Id}/report");
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => resident.Http.PostAsync($"/t/grand-gueret/directory/{entry.Id}/report",
            new FormUrlEncodedContent([new("Reason", "Incorrect"), new("__RequestVerificationToken", token)]))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await factory.WithDbAsync(db => db.EntryReports.CountAsync(r => r.EntryId == entry.Id)));
    }

    [Fact]
    public async Task Reports_and_edits_from_the_network_directory_go_to_the_coordinators()
    {
        var entry = await PublishedAsync($"Réseau {DirectoryData.Token()}");
        using var resident = await factory.SignedInAsync(DirectoryData.Resident);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync($"/directory/{entry.Id}/report", ("Reason", "Incorrect"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.PostFormAsync($"/directory/{entry.Id}/edit", EditForm(entry, ("Input.Address", "1 place du Marché")))).StatusCode);

        using var catalyst = await factory.SignedInAsync(DirectoryData.GueretCatalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await catalyst.GetAsync("/directory/moderation")).StatusCode);
        Assert.DoesNotContain(entry.Name, (await catalyst.GetDocumentAsync($"{Queue}?tab=reports")).Body!.TextContent);

        using var coordinator = await factory.SignedInAsync("coordination@catalyse.demo");
        Assert.Contains(entry.Name, (await coordinator.GetDocumentAsync("/directory/moderation?tab=reports")).Body!.TextContent);
        var suggestion = await factory.WithDbAsync(db => db.EntrySuggestions.SingleAsync(s => s.EntryId == entry.Id));
        Assert.Null(suggestion.TerritoryId);
        using var applied = await coordinator.PostFormAsync($"/directory/moderation?handler=Apply&id={suggestion.Id}&tab=edits", [], "/directory/moderation");
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal("1 place du Marché", (await DirectoryData.LoadAsync(factory, entry.Id)).Address);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ModerationSqliteTests(CatalyseFactory factory) : ModerationTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ModerationPostgresTests(PostgresFactory factory) : ModerationTests(factory);
