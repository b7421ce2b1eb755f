using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Tests.Participation;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Votes;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// Bad input on the votes: the organising form and the ballot form (choices, ranks, scores, and the residence or census
/// details asked in the same step), their API (organising a vote, casting a ballot with an Idempotency-Key) and their
/// addresses. All in the tests' own territory (Guéret), with votes of its own: a fresh vote per case.
/// </summary>
public abstract partial class BadInputTests
{
    /// <summary>The French messages of the vote rules (added to <see cref="FrenchMessage"/>).</summary>
    private const string VoteMessages =
        @"Le titre compte de 5 à 200 caractères\.|Mode de scrutin inconnu\.|Indiquez la date d'ouverture\.|La clôture suit l'ouverture\."
        + @"|Ligne \d+ : .+|De 2 à \d+ options, une par ligne\.|Deux options portent le même intitulé\.|Nombre de choix entre .+|Note maximale entre 1 et 10\."
        + @"|Indiquez le budget à répartir, en euros\.|Le minimum à dépenser va de 0 au budget total\.|Un projet coûte plus que le budget total\."
        + @"|Choisissez une option\.|Choisissez au moins une option\.|\d+ choix au plus\.|Classez au moins une option, chacune à un rang différent\."
        + @"|Notez chaque option de 0 à \d+\.|Choisissez au moins un projet\.|Votre sélection coûte .+|Dépensez au moins .+";

    private const string VoteOptions = "Parc des Tilleuls\nParc Simone-Veil\nParc de la Résistance";

    /// <summary>The vote forms. Placeholders: see <see cref="VotePlaceholdersAsync"/>.</summary>
    private static FormUnderTest[] VoteForms =>
    [
        // A participatory budget for residents (so that every rule has a field to break), as the catalyst types it.
        new("vote organisation", "/t/{territory}/votes/new", Persona.Coordinator,
            [("Title", "Budget des quartiers {unique}"), ("Description", "Des projets proposés par les habitants."), ("Method", "Budget"), ("Secret", "true"),
             ("VoterLevel", "Resident"), ("OpensAt", "2027-03-01T08:00"), ("ClosesAt", "2027-03-15T20:00"),
             ("Options", "Jardin partagé | 120000\nAbris à vélos | 180 000 €\nFresque | 60000"), ("MaxChoices", ""), ("ScoreMax", ""),
             ("BudgetTotal", "300000"), ("BudgetMinimum", "100000")],
            (name, v) => name is "Description" or "MaxChoices" or "ScoreMax" or "BudgetMinimum" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("ballot (single choice)", "/t/{territory}/votes/{vote.single}", Persona.Resident,
            [("IdempotencyKey", "{unique}"), ("Options", "{o2}")],
            (name, v) => name == "IdempotencyKey" ? IdempotencyKeyRule(v) : FormUnderTest.Required(v)) { Account = FormAccount.Fresh },
        // Ranks: an empty one leaves the option unranked (the others still make a ballot).
        new("ballot (ranked)", "/t/{territory}/votes/{vote.ranked}", Persona.Resident,
            [("Rank[{o1}]", "2"), ("Rank[{o2}]", "1"), ("Rank[{o3}]", "")],
            (_, v) => RankRule(v)) { Account = FormAccount.Fresh },
        new("ballot (scores)", "/t/{territory}/votes/{vote.score}", Persona.Resident,
            [("Score[{o1}]", "3"), ("Score[{o2}]", "5"), ("Score[{o3}]", "0")],
            (_, v) => FormUnderTest.Required(v)) { Account = FormAccount.Fresh },
        // A vote for residents, by somebody who declares where they live in the same form (23000 covers several communes).
        new("ballot with residence", "/t/{territory}/votes/{vote.resident}", Persona.Resident,
            [("PostalCode", "23000"), ("Commune", "Guéret"), ("Options", "{o1}")],
            (_, v) => FormUnderTest.Required(v)) { Account = FormAccount.Fresh, Fixed = ["Options"] },
        // A vote for the people of the census, by a resident who gives their census details in the same form.
        new("ballot with census details", "/t/{territory}/votes/{vote.census}", Persona.Resident,
            [("Surname", "Martin"), ("GivenName", "Léa"), ("BirthDate", "1990-05-14"), ("Options", "{o1}")],
            (_, v) => FormUnderTest.Required(v)) { Account = FormAccount.FreshResidentOfGueret, Fixed = ["Options"] },
    ];

    /// <summary>
    /// A rank that is not a number is not "unranked": it is refused like any value the form cannot have sent. Empty is
    /// "unranked".
    /// </summary>
    private static Outcome RankRule(BadValue v) => v == BadValue.Empty ? Outcome.Accepted : FormUnderTest.Required(v);

    /// <summary>Form cases that fail today because of a bug of the app: left out of <see cref="FormCases"/>, pinned below as skipped tests.</summary>
    private static bool IsKnownFormBug(string form, string field, BadValue v) =>
        (form == "ballot (ranked)" && RankRule(v) == Outcome.Refused)
        || (form == "vote organisation" && field == "Secret" && v != BadValue.Empty);

    [Theory]
    [InlineData("Rank[{o1}]", "huge (100 kB)")]
    [InlineData("Rank[{o2}]", "raw invalid UTF-8 byte 0xFF")]
    [InlineData("Rank[{o1}]", "<script>alert(1)</script>")]
    [InlineData("Rank[{o3}]", "\"><img src=x onerror=alert(1)>")]
    [InlineData("Rank[{o2}]", "javascript:alert(1)")]
    public Task Ballot_form_rank_that_is_not_a_number_is_refused(string field, string value) =>
        Form_field_with_a_bad_value_gets_a_clear_answer("ballot (ranked)", field, value, "400 + field message");

    [Theory]
    [InlineData("huge (100 kB)", "400 + field message")]
    [InlineData("UTF-8 of a lone surrogate (%ED%A0%80)", "kept as literal text or refused")]
    [InlineData("invalid UTF-8 byte (%FF)", "kept as literal text or refused")]
    [InlineData("raw invalid UTF-8 byte 0xFF", "400 + field message")]
    [InlineData("<script>alert(1)</script>", "400 + field message")]
    [InlineData("\"><img src=x onerror=alert(1)>", "400 + field message")]
    [InlineData("javascript:alert(1)", "400 + field message")]
    public Task Vote_organisation_secret_that_is_not_a_boolean_gets_a_message(string value, string expected) =>
        Form_field_with_a_bad_value_gets_a_clear_answer("vote organisation", "Secret", value, expected);

    private static (string Url, Persona Persona)[] VoteQueryTargets =>
    [
        ("/t/grand-gueret/votes?status={v}", Persona.Anonymous),
        ("/t/grand-gueret/votes?status=all&p={v}", Persona.Anonymous),
        ("/t/grand-gueret/votes/{v}", Persona.Anonymous),
        ("/t/grand-gueret/votes/new?Method={v}", Persona.Coordinator),
        ("/api/v1/territories/grand-gueret/votes?status={v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/votes?page={v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/votes?pageSize={v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/votes/{v}", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/votes/{v}/results", Persona.Anonymous),
        ("/api/v1/territories/grand-gueret/votes/{v}/log", Persona.Anonymous),
        ("/api/v1/territories/{v}/votes", Persona.Anonymous),
    ];

    // ---------------------------------------------------------------- arrangements

    /// <summary>The kinds of votes the cases use, all open in the tests' territory (budget: 100 € to share, 30 € at least).</summary>
    private static readonly string[] VoteKinds = ["single", "approval", "ranked", "score", "budget", "resident", "census"];

    private async Task<Vote> VoteOfKindAsync(string kind)
    {
        var slug = (await PetitionSetupAsync()).Slug; // the census of the tests' territory (Martin Léa), for the census votes
        return kind switch
        {
            "single" => await VoteData.OpenAsync(factory, VoteMethod.Single, VoteOptions, slug: slug),
            "approval" => await VoteData.OpenAsync(factory, VoteMethod.Approval, VoteOptions, maxChoices: 2, slug: slug),
            "ranked" => await VoteData.OpenAsync(factory, VoteMethod.Ranked, VoteOptions, slug: slug),
            "score" => await VoteData.OpenAsync(factory, VoteMethod.Score, VoteOptions, slug: slug),
            "budget" => await VoteData.OpenAsync(factory, VoteMethod.Budget, "Jardin | 20\nBancs | 50\nPréau | 80", budget: 100, minimum: 30, slug: slug),
            "resident" => await VoteData.OpenAsync(factory, VoteMethod.Single, VoteOptions, slug: slug, level: IdentityLevel.Resident),
            "census" => await VoteData.OpenAsync(factory, VoteMethod.Single, VoteOptions, slug: slug, level: IdentityLevel.Census),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>
    /// Resolves <c>{vote.single}</c>, <c>{vote.approval}</c> (2 choices at most), <c>{vote.ranked}</c>, <c>{vote.score}</c> (0 to 5),
    /// <c>{vote.budget}</c> (options of 20, 50 and 80 €; 100 € to share, 30 € at least), <c>{vote.resident}</c> and
    /// <c>{vote.census}</c> (single choice, for residents or the census) to a fresh open vote of the tests' territory (any
    /// confirmed account may vote unless said otherwise), then <c>{o1}</c>, <c>{o2}</c>, <c>{o3}</c> to its options' ids and
    /// <c>{other}</c> to an option of another vote. <paramref name="made"/> keeps them for the rest of the case.
    /// </summary>
    private async Task<string> VotePlaceholdersAsync(string text, Dictionary<string, string> made)
    {
        foreach (var kind in VoteKinds)
        {
            var placeholder = "{vote." + kind + "}";
            if (!text.Contains(placeholder) || made.ContainsKey(placeholder)) continue;
            var vote = await VoteOfKindAsync(kind);
            made[placeholder] = vote.Id.ToString();
            var options = vote.Options.OrderBy(o => o.Position).ToList();
            for (var i = 0; i < options.Count; i++) made["{o" + (i + 1) + "}"] = options[i].Id.ToString();
        }
        if (text.Contains("{other}") && !made.ContainsKey("{other}"))
            made["{other}"] = (await VoteOfKindAsync("single")).Options[0].Id.ToString();
        foreach (var (placeholder, value) in made) text = text.Replace(placeholder, value);
        return text;
    }

    /// <summary>A new confirmed account with a personal access token (one ballot per person and vote).</summary>
    private async Task<(string Id, TestClient Client)> FreshVoterAsync(string? communeCode = null, string? postalCode = null)
    {
        var id = (await PetitionData.PeopleAsync(factory, 1, communeCode, postalCode))[0];
        var token = "cat_votant_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        using (var scope = factory.Services.CreateScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<Catalyse.Web.Features.Accounts.User>>().FindByIdAsync(id))!;
            await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(user, token, "votes");
        }
        var client = factory.Client();
        client.UseToken(token);
        return (id, client);
    }

    private static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A 400 with problem details naming the field (or one of its elements, <c>options[3]</c>, <c>scores.12</c>), and no markup echoed.</summary>
    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string field, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode} {text}");
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(errors.Any(e => e == field || e.StartsWith(field + "[", StringComparison.Ordinal) || e.StartsWith(field + ".", StringComparison.Ordinal)),
            $"{what}: problem details name {string.Join(", ", errors)}, not {field}");
        Assert.DoesNotContain(BadValues.ScriptTag, text);
        Assert.DoesNotContain("<img src=x onerror", text);
    }

    // ---------------------------------------------------------------- organising a vote: the form's own rules

    /// <summary>Rules of the organising form beyond the bad values: each case changes some fields of a valid budget vote.</summary>
    public static TheoryData<string, string> VoteFormRuleCases => new()
    {
        { "dates reversed", "ClosesAt" }, { "closing at the opening", "ClosesAt" }, { "a method that does not exist (99)", "Method" },
        { "a voter level that does not exist (0)", "VoterLevel" }, { "one option", "Options" }, { "the same option twice", "Options" },
        { "101 options", "Options" }, { "an option of 201 characters", "Options" }, { "a project without a cost", "Options" },
        { "a project costing 0", "Options" }, { "a negative cost", "Options" }, { "a cost that is not a number", "Options" },
        { "a project costing more than the budget", "Options" }, { "a cost past 2^63", "Options" }, { "a budget past 10^12", "BudgetTotal" },
        { "a budget of 0", "BudgetTotal" }, { "a minimum above the budget", "BudgetMinimum" }, { "a negative minimum", "BudgetMinimum" },
        { "approval: -1 choices", "MaxChoices" }, { "approval: 101 choices", "MaxChoices" }, { "score: maximum 0", "ScoreMax" },
        { "score: maximum 11", "ScoreMax" }, { "score: no maximum", "ScoreMax" }, { "a title of 4 characters", "Title" },
        { "a title of spaces", "Title" }, { "a date that is not a date", "OpensAt" }, { "a count past 2^31", "MaxChoices" },
    };

    private static Dictionary<string, string> VoteFormChange(string rule) => rule switch
    {
        "dates reversed" => new() { ["OpensAt"] = "2027-03-15T20:00", ["ClosesAt"] = "2027-03-01T08:00" },
        "closing at the opening" => new() { ["ClosesAt"] = "2027-03-01T08:00" },
        "a method that does not exist (99)" => new() { ["Method"] = "99" },
        "a voter level that does not exist (0)" => new() { ["VoterLevel"] = "0" },
        "one option" => new() { ["Options"] = "Jardin partagé | 120000" },
        "the same option twice" => new() { ["Options"] = "Jardin partagé | 120000\nJARDIN PARTAGÉ | 1000" },
        "101 options" => new() { ["Options"] = string.Join('\n', Enumerable.Range(1, 101).Select(i => $"Projet {i} | 100")) },
        "an option of 201 characters" => new() { ["Options"] = new string('p', 201) + " | 100\nJardin | 100" },
        "a project without a cost" => new() { ["Options"] = "Jardin partagé\nFresque | 60000" },
        "a project costing 0" => new() { ["Options"] = "Jardin partagé | 0\nFresque | 60000" },
        "a negative cost" => new() { ["Options"] = "Jardin partagé | -5\nFresque | 60000" },
        "a cost that is not a number" => new() { ["Options"] = "Jardin partagé | beaucoup\nFresque | 60000" },
        "a project costing more than the budget" => new() { ["Options"] = "Jardin partagé | 300001\nFresque | 60000" },
        "a cost past 2^63" => new() { ["Options"] = "Jardin partagé | 99999999999999999999\nFresque | 60000" },
        "a budget past 10^12" => new() { ["BudgetTotal"] = "1000000000001" },
        "a budget of 0" => new() { ["BudgetTotal"] = "0", ["BudgetMinimum"] = "0" },
        "a minimum above the budget" => new() { ["BudgetMinimum"] = "300001" },
        "a negative minimum" => new() { ["BudgetMinimum"] = "-1" },
        "approval: -1 choices" => new() { ["Method"] = "Approval", ["Options"] = VoteOptions, ["MaxChoices"] = "-1" },
        "approval: 101 choices" => new() { ["Method"] = "Approval", ["Options"] = VoteOptions, ["MaxChoices"] = "101" },
        "score: maximum 0" => new() { ["Method"] = "Score", ["Options"] = VoteOptions, ["ScoreMax"] = "0" },
        "score: maximum 11" => new() { ["Method"] = "Score", ["Options"] = VoteOptions, ["ScoreMax"] = "11" },
        "score: no maximum" => new() { ["Method"] = "Score", ["Options"] = VoteOptions, ["ScoreMax"] = "" },
        "a title of 4 characters" => new() { ["Title"] = "Vote" },
        "a title of spaces" => new() { ["Title"] = "          " },
        "a date that is not a date" => new() { ["OpensAt"] = "demain matin" },
        "a count past 2^31" => new() { ["Method"] = "Approval", ["Options"] = VoteOptions, ["MaxChoices"] = "2147483648" },
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    [Theory]
    [MemberData(nameof(VoteFormRuleCases))]
    public async Task Vote_organisation_breaking_a_rule_comes_back_with_the_fields_message(string rule, string field)
    {
        var slug = await TerritoryAsync();
        var client = await ClientAsync(Persona.Coordinator);
        var fields = VoteForms.Single(f => f.Name == "vote organisation").Valid.ToDictionary(f => f.Key, f => f.Value.Replace("{unique}", "règles"));
        foreach (var (key, value) in VoteFormChange(rule)) fields[key] = value;
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync($"/t/{slug}/votes/new", fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)),
            tokenFrom: "/account/login");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{rule}: expected 400, got {(int)response.StatusCode} {response.Headers.Location}");
        var doc = TestClient.Parse(html);
        var messages = doc.QuerySelectorAll($"[data-valmsg-for='{field}']").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        if (messages.Count == 0) // the fields without a message of their own have theirs in the summary
            messages = doc.QuerySelectorAll(".validation-summary-errors li").Select(e => e.TextContent.Trim()).ToList();
        Assert.True(messages.Any(FrenchMessage.IsMatch), $"{rule}: no French message for {field}: {string.Join(" / ", messages)}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"vote organisation: {rule}");
    }

    /// <summary>
    /// A datetime-local field reaches the year 1 (or 9999): read as Paris time, the opening would fall before the first
    /// instant .NET can represent. The form must come back with a message, never a 500.
    /// </summary>
    [Theory]
    [InlineData("OpensAt", "0001-01-01T00:00")]
    [InlineData("ClosesAt", "0001-01-01T00:00")]
    public async Task Vote_organisation_with_a_date_at_the_edge_of_the_calendar_gets_a_message(string field, string value)
    {
        var slug = await TerritoryAsync();
        var client = await ClientAsync(Persona.Coordinator);
        var fields = VoteForms.Single(f => f.Name == "vote organisation").Valid.ToDictionary(f => f.Key, f => f.Value.Replace("{unique}", "bornes"));
        fields[field] = value;
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync($"/t/{slug}/votes/new", fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)),
            tokenFrom: "/account/login");
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field} = {value}: {(int)response.StatusCode}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{field} = {value}");
    }

    // ---------------------------------------------------------------- the ballot form's own rules

    public static TheoryData<string, string> BallotFormRuleCases => new()
    {
        { "single: no choice", "Options" }, { "single: two choices", "Options" }, { "single: an option of another vote", "Options" },
        { "single: an option id that is not a number", "Options" }, { "single: an option id past 2^31", "Options" },
        { "approval: three choices for two at most", "Options" }, { "ranked: nothing ranked", "Rank" }, { "ranked: two options at the same rank", "Rank" },
        { "ranked: an option of another vote", "Rank" }, { "scores: one option not scored", "Score" }, { "scores: a score of 6 out of 5", "Score" },
        { "scores: a negative score", "Score" }, { "scores: an option of another vote", "Score" }, { "budget: over the budget", "Options" },
        { "budget: under the minimum", "Options" }, { "budget: nothing chosen", "Options" },
    };

    private static (string Kind, (string Key, string Value)[] Fields) BallotFormChange(string rule) => rule switch
    {
        "single: no choice" => ("single", []),
        "single: two choices" => ("single", [("Options", "{o1}"), ("Options", "{o2}")]),
        "single: an option of another vote" => ("single", [("Options", "{other}")]),
        "single: an option id that is not a number" => ("single", [("Options", "o1")]),
        "single: an option id past 2^31" => ("single", [("Options", "2147483648")]),
        "approval: three choices for two at most" => ("approval", [("Options", "{o1}"), ("Options", "{o2}"), ("Options", "{o3}")]),
        "ranked: nothing ranked" => ("ranked", [("Rank[{o1}]", ""), ("Rank[{o2}]", "")]),
        "ranked: two options at the same rank" => ("ranked", [("Rank[{o1}]", "1"), ("Rank[{o2}]", "1")]),
        "ranked: an option of another vote" => ("ranked", [("Rank[{o1}]", "1"), ("Rank[{other}]", "2")]),
        "scores: one option not scored" => ("score", [("Score[{o1}]", "3"), ("Score[{o2}]", "3")]),
        "scores: a score of 6 out of 5" => ("score", [("Score[{o1}]", "6"), ("Score[{o2}]", "3"), ("Score[{o3}]", "3")]),
        "scores: a negative score" => ("score", [("Score[{o1}]", "-1"), ("Score[{o2}]", "3"), ("Score[{o3}]", "3")]),
        "scores: an option of another vote" => ("score", [("Score[{o1}]", "1"), ("Score[{o2}]", "3"), ("Score[{o3}]", "3"), ("Score[{other}]", "3")]),
        "budget: over the budget" => ("budget", [("Options", "{o2}"), ("Options", "{o3}")]),
        "budget: under the minimum" => ("budget", [("Options", "{o1}")]),
        "budget: nothing chosen" => ("budget", []),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    [Theory]
    [MemberData(nameof(BallotFormRuleCases))]
    public async Task Ballot_breaking_the_votes_rules_comes_back_with_its_message_and_writes_nothing(string rule, string field)
    {
        var (kind, fields) = BallotFormChange(rule);
        var made = new Dictionary<string, string>();
        var url = await VotePlaceholdersAsync($"/t/{{territory}}/votes/{{vote.{kind}}}", made);
        url = url.Replace("{territory}", await TerritoryAsync());
        var resolved = new List<KeyValuePair<string, string>> { new("IdempotencyKey", "règles") };
        foreach (var (key, value) in fields) resolved.Add(new(await VotePlaceholdersAsync(key, made), await VotePlaceholdersAsync(value, made)));
        using var client = await FreshClientAsync(residentOfGueret: false);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync(url, resolved, tokenFrom: "/account/login");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{rule}: expected 400, got {(int)response.StatusCode} {response.Headers.Location}");
        var message = TestClient.Parse(html).QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? "";
        Assert.True(FrenchMessage.IsMatch(message), $"{rule}: expected a French message for {field}, got '{message}'");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"ballot: {rule}");
    }

    /// <summary>
    /// A ballot refused for its choices (400) writes nothing, not even the residence declared in the same form: the
    /// person is told to fix the ballot, and has not yet taken part.
    /// </summary>
    [Fact]
    public async Task An_invalid_ballot_with_a_valid_residence_writes_nothing()
    {
        var made = new Dictionary<string, string>();
        var url = (await VotePlaceholdersAsync("/t/{territory}/votes/{vote.resident}", made)).Replace("{territory}", await TerritoryAsync());
        using var client = await FreshClientAsync(residentOfGueret: false);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync(url, [new("PostalCode", "23000"), new("Commune", "Guéret"), new("Options", "abc")],
            tokenFrom: "/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var none = await client.PostFormAsync(url, [new("PostalCode", "23000"), new("Commune", "Guéret")], tokenFrom: "/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "an invalid ballot with a valid residence");
    }

    // ---------------------------------------------------------------- API: organising a vote

    /// <summary>A valid participatory budget as the API takes it; each case breaks one field of it.</summary>
    private static Dictionary<string, object?> VoteBody() => new()
    {
        ["title"] = "Budget des quartiers", ["description"] = "Des projets proposés par les habitants.", ["method"] = "budget", ["secret"] = true,
        ["voterLevel"] = "resident", ["opensAt"] = "2027-03-01T07:00:00Z", ["closesAt"] = "2027-03-15T19:00:00Z",
        ["options"] = new List<object?> { "Jardin partagé | 120000", "Abris à vélos | 180 000 €", "Fresque | 60000" },
        ["maxChoices"] = null, ["scoreMax"] = null, ["budgetTotal"] = 300000, ["budgetMinimum"] = 100000,
    };

    /// <summary>The fields of POST …/votes, with the valid text a bad value follows ("options[]": the bad value is a fourth option).</summary>
    private static readonly (string Field, string? Prefix)[] VoteApiFields =
    [
        ("title", "Budget des quartiers"), ("description", "Des projets proposés par les habitants."), ("method", null), ("secret", null),
        ("voterLevel", null), ("opensAt", null), ("closesAt", null), ("options[]", "Préau"), ("maxChoices", null), ("scoreMax", null),
        ("budgetTotal", null), ("budgetMinimum", null),
    ];

    /// <summary>An empty description is no description, an empty line among the options is no option: the vote is created.</summary>
    private static string VoteApiExpected(string field, ApiBadValue v) =>
        v == ApiBadValue.Empty && field is "description" or "options[]" ? "201" : $"400 naming {field.TrimEnd('[', ']')}";

    public static TheoryData<string, string, string> VoteApiCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (name, _) in VoteApiFields)
                foreach (var v in Enum.GetValues<ApiBadValue>())
                    data.Add(name, Label(v), VoteApiExpected(name, v));
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(VoteApiCases))]
    public async Task Vote_api_field_with_a_bad_value_gets_problem_details_naming_it(string field, string value, string expected)
    {
        var bad = Enum.GetValues<ApiBadValue>().Single(v => Label(v) == value);
        Assert.Equal(VoteApiExpected(field, bad), expected);
        var slug = await TerritoryAsync();
        var prefix = VoteApiFields.Single(f => f.Field == field).Prefix;
        var body = VoteBody();
        if (field == "options[]") ((List<object?>)body["options"]!).Add(BadMarker);
        else body[field] = BadMarker;
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/votes",
            JsonBytes(JsonWithMarkerReplaced(JsonSerializer.Serialize(body), bad, prefix)));
        var what = $"vote {field} = {value}";
        if (expected == "201")
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{what}: {(int)response.StatusCode} {text}");
            DbFingerprint.AssertWellFormed(await DbFingerprint.TakeAsync(factory), what);
            return;
        }
        await AssertProblemNamingAsync(response, field.TrimEnd('[', ']'), what);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), what);
    }

    /// <summary>Control characters (which the forms refuse) in the API's texts: 400 naming the field, nothing written.</summary>
    [Theory]
    [InlineData("title", "NUL")]
    [InlineData("title", "BEL")]
    [InlineData("description", "NUL")]
    [InlineData("description", "ESC")]
    [InlineData("options[]", "NUL")]
    [InlineData("options[]", "CR")]
    public async Task Vote_api_text_with_a_control_character_is_refused(string field, string character)
    {
        var slug = await TerritoryAsync();
        var c = character switch { "NUL" => "\u0000", "BEL" => "\u0007", "CR" => "\r", _ => "\u001B" };
        var body = VoteBody();
        var text = VoteApiFields.Single(f => f.Field == field).Prefix + c + " suite";
        if (field == "options[]") ((List<object?>)body["options"]!).Add(text + " | 1000");
        else body[field] = text;
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/votes", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        await AssertProblemNamingAsync(response, field.TrimEnd('[', ']'), $"{field} with {character}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{field} with {character}");
    }

    /// <summary>The rules of a vote, broken one at a time through the API (the JSON replaces fields of <see cref="VoteBody"/>; null removes one).</summary>
    public static TheoryData<string, string> VoteApiRuleCases => new()
    {
        { "dates reversed", "closesAt" }, { "closing at the opening", "closesAt" }, { "no opening", "opensAt" }, { "no closing", "closesAt" },
        { "a date that is not a date", "opensAt" }, { "a date as a number", "closesAt" }, { "an unknown method", "method" },
        { "the method's C# name", "method" }, { "the method as a number", "method" }, { "no method", "method" },
        { "an unknown voter level", "voterLevel" }, { "the voter level's C# name", "voterLevel" }, { "no options", "options" },
        { "an empty list of options", "options" }, { "one option", "options" }, { "the same option twice", "options" },
        { "101 options", "options" }, { "an option of 201 characters", "options" }, { "an option with markup", "options" },
        { "an option that is a number", "options" }, { "options as one text", "options" },
        { "a project without a cost", "options" }, { "a negative cost", "options" }, { "a cost of 0", "options" },
        { "a cost that is not a number", "options" }, { "a cost past 2^63", "options" }, { "a project costing more than the budget", "options" },
        { "a budget of 0", "budgetTotal" }, { "a negative budget", "budgetTotal" }, { "a budget past 10^12", "budgetTotal" },
        { "no budget", "budgetTotal" }, { "a budget with cents", "budgetTotal" }, { "a budget past 2^63", "budgetTotal" },
        { "a negative minimum", "budgetMinimum" }, { "a minimum above the budget", "budgetMinimum" },
        { "approval: -1 choices", "maxChoices" }, { "approval: 101 choices", "maxChoices" }, { "approval: choices past 2^31", "maxChoices" },
        { "score: maximum 0", "scoreMax" }, { "score: maximum 11", "scoreMax" }, { "score: no maximum", "scoreMax" },
        { "a title of 4 characters", "title" }, { "a title of 201 characters", "title" }, { "no title", "title" }, { "a title of spaces", "title" },
        { "a title that is a list", "title" }, { "a description of 10,001 characters", "description" }, { "secret as text", "secret" },
    };

    private static string VoteApiChange(string rule) => rule switch
    {
        "dates reversed" => """{"opensAt":"2027-03-15T19:00:00Z","closesAt":"2027-03-01T07:00:00Z"}""",
        "closing at the opening" => """{"closesAt":"2027-03-01T08:00:00+01:00"}""",
        "no opening" => """{"opensAt":null}""",
        "no closing" => """{"closesAt":null}""",
        "a date that is not a date" => """{"opensAt":"demain matin"}""",
        "a date as a number" => """{"closesAt":1805000000}""",
        "an unknown method" => """{"method":"plurality"}""",
        "the method's C# name" => """{"method":"Budget"}""",
        "the method as a number" => """{"method":5}""",
        "no method" => """{"method":null}""",
        "an unknown voter level" => """{"voterLevel":"everyone"}""",
        "the voter level's C# name" => """{"voterLevel":"EmailConfirmed"}""",
        "no options" => """{"options":null}""",
        "an empty list of options" => """{"options":[]}""",
        "one option" => """{"options":["Jardin partagé | 120000"]}""",
        "the same option twice" => """{"options":["Jardin partagé | 120000","JARDIN PARTAGÉ | 1000"]}""",
        "101 options" => JsonSerializer.Serialize(new { options = Enumerable.Range(1, 101).Select(i => $"Projet {i} | 100") }),
        "an option of 201 characters" => JsonSerializer.Serialize(new { options = new[] { new string('p', 201) + " | 100", "Fresque | 100" } }),
        "an option with markup" => JsonSerializer.Serialize(new { options = new[] { BadValues.ImgOnerror + " | 100", "Fresque | 100" } }),
        "an option that is a number" => """{"options":[12, 13]}""",
        "options as one text" => """{"options":"Jardin | 100\nFresque | 100"}""",
        "a project without a cost" => """{"options":["Jardin partagé","Fresque | 60000"]}""",
        "a negative cost" => """{"options":["Jardin partagé | -5","Fresque | 60000"]}""",
        "a cost of 0" => """{"options":["Jardin partagé | 0","Fresque | 60000"]}""",
        "a cost that is not a number" => """{"options":["Jardin partagé | beaucoup","Fresque | 60000"]}""",
        "a cost past 2^63" => """{"options":["Jardin partagé | 99999999999999999999","Fresque | 60000"]}""",
        "a project costing more than the budget" => """{"options":["Jardin partagé | 300001","Fresque | 60000"]}""",
        "a budget of 0" => """{"budgetTotal":0,"budgetMinimum":0}""",
        "a negative budget" => """{"budgetTotal":-300000,"budgetMinimum":0}""",
        "a budget past 10^12" => """{"budgetTotal":1000000000001}""",
        "no budget" => """{"budgetTotal":null}""",
        "a budget with cents" => """{"budgetTotal":300000.5}""",
        "a budget past 2^63" => """{"budgetTotal":99999999999999999999}""",
        "a negative minimum" => """{"budgetMinimum":-1}""",
        "a minimum above the budget" => """{"budgetMinimum":300001}""",
        "approval: -1 choices" => """{"method":"approval","options":["Parc des Tilleuls","Parc Simone-Veil"],"maxChoices":-1}""",
        "approval: 101 choices" => """{"method":"approval","options":["Parc des Tilleuls","Parc Simone-Veil"],"maxChoices":101}""",
        "approval: choices past 2^31" => """{"method":"approval","options":["Parc des Tilleuls","Parc Simone-Veil"],"maxChoices":2147483648}""",
        "score: maximum 0" => """{"method":"score","options":["Parc des Tilleuls","Parc Simone-Veil"],"scoreMax":0}""",
        "score: maximum 11" => """{"method":"score","options":["Parc des Tilleuls","Parc Simone-Veil"],"scoreMax":11}""",
        "score: no maximum" => """{"method":"score","options":["Parc des Tilleuls","Parc Simone-Veil"],"scoreMax":null}""",
        "a title of 4 characters" => """{"title":"Vote"}""",
        "a title of 201 characters" => JsonSerializer.Serialize(new { title = new string('t', 201) }),
        "no title" => """{"title":null}""",
        "a title of spaces" => """{"title":"          "}""",
        "a title that is a list" => """{"title":["Budget","des quartiers"]}""",
        "a description of 10,001 characters" => JsonSerializer.Serialize(new { description = new string('d', 10001) }),
        "secret as text" => """{"secret":"oui"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>The valid body with the fields of <paramref name="changes"/> (a JSON object) put in, as raw JSON.</summary>
    private static string Merge(Dictionary<string, object?> body, string changes)
    {
        var merged = body.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));
        using var doc = JsonDocument.Parse(changes);
        foreach (var property in doc.RootElement.EnumerateObject()) merged[property.Name] = property.Value.Clone();
        return JsonSerializer.Serialize(merged);
    }

    [Theory]
    [MemberData(nameof(VoteApiRuleCases))]
    public async Task Vote_api_breaking_a_rule_gets_problem_details_naming_the_field(string rule, string field)
    {
        var slug = await TerritoryAsync();
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/votes",
            new StringContent(Merge(VoteBody(), VoteApiChange(rule)), Encoding.UTF8, "application/json"));
        await AssertProblemNamingAsync(response, field, $"vote: {rule}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"vote: {rule}");
    }

    [Fact]
    public async Task Vote_api_option_that_is_null_gets_problem_details_naming_options()
    {
        var slug = await TerritoryAsync();
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/votes", new StringContent(
            Merge(VoteBody(), """{"options":["Jardin partagé | 120000", null, "Fresque | 60000"]}"""), Encoding.UTF8, "application/json"));
        await AssertProblemNamingAsync(response, "options", "an option that is null");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "an option that is null");
    }

    [Fact]
    public async Task Vote_api_body_that_is_not_json_or_not_an_object_gets_problem_details()
    {
        var slug = await TerritoryAsync();
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        foreach (var body in new[] { "", "null", "{", "[1,2]", "\"texte\"", "{\"options\": {\"a\": 1}}", new string('[', 100) })
        {
            var before = await DbFingerprint.TakeAsync(factory);
            using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/votes", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"body '{body}': {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"vote with body '{body}'");
        }
    }

    /// <summary>
    /// The API takes any instant .NET can hold: a vote from the year 1 to the year 9999 is either refused or shown
    /// everywhere without a 500 (the dates are turned into Paris time on the pages).
    /// </summary>
    [Fact]
    public async Task Vote_api_with_dates_at_the_edge_of_the_calendar_never_breaks_the_pages()
    {
        var slug = await TerritoryAsync();
        using var api = factory.Client();
        api.UseToken(CatalyseFactory.AdminToken);
        var body = Merge(VoteBody(), """{"title":"Vote hors du temps","opensAt":"0001-01-01T00:00:00Z","closesAt":"9999-12-31T23:59:59Z"}""");
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/votes", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        if (response.StatusCode == HttpStatusCode.BadRequest) return;
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
        using var anonymous = factory.Client();
        var broken = new List<string>();
        foreach (var url in new[] { $"/t/{slug}/votes", $"/t/{slug}/votes?status=open", $"/t/{slug}/votes/{id}", $"/api/v1/territories/{slug}/votes",
                     $"/api/v1/territories/{slug}/votes/{id}", $"/api/v1/territories/{slug}/votes/{id}/results", $"/api/v1/territories/{slug}/votes/{id}/log" })
        {
            using var page = await anonymous.GetAsync(url);
            if ((int)page.StatusCode >= 500) broken.Add($"{url}: {(int)page.StatusCode}");
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    // ---------------------------------------------------------------- API: casting a ballot

    /// <summary>Ballots that break their vote's rules or are not the right shape ({o1}… are the vote's options, {other} another vote's).</summary>
    public static TheoryData<string, string, string, string> BallotApiCases => new()
    {
        { "single", "no choice", "{}", "options" },
        { "single", "an empty list", """{"options":[]}""", "options" },
        { "single", "two choices", """{"options":[{o1},{o2}]}""", "options" },
        { "single", "an unknown option", """{"options":[999999999]}""", "options" },
        { "single", "an option of another vote", """{"options":[{other}]}""", "options" },
        { "single", "a negative id", """{"options":[-1]}""", "options" },
        { "single", "a ranking instead of options", """{"ranking":[{o1}]}""", "options" },
        { "single", "options as text", """{"options":"all"}""", "options" },
        { "single", "an id with a fraction", """{"options":[1.5]}""", "options" },
        { "single", "an id that is an object", """{"options":[{"id":1}]}""", "options" },
        { "single", "an id past 2^31", """{"options":[99999999999]}""", "options" },
        { "single", "options null", """{"options":null}""", "options" },
        { "approval", "three choices for two at most", """{"options":[{o1},{o2},{o3}]}""", "options" },
        { "approval", "an unknown option among known ones", """{"options":[{o1},999999999]}""", "options" },
        { "ranked", "an empty ranking", """{"ranking":[]}""", "ranking" },
        { "ranked", "an option ranked twice", """{"ranking":[{o1},{o2},{o1}]}""", "ranking" },
        { "ranked", "an unknown option", """{"ranking":[{o1},999999999]}""", "ranking" },
        { "ranked", "options instead of a ranking", """{"options":[{o1}]}""", "ranking" },
        { "ranked", "a ranking as text", """{"ranking":"{o1}>{o2}"}""", "ranking" },
        { "score", "a score above the maximum", """{"scores":{"{o1}":6,"{o2}":0,"{o3}":0}}""", "scores" },
        { "score", "a negative score", """{"scores":{"{o1}":-1,"{o2}":0,"{o3}":0}}""", "scores" },
        { "score", "an option not scored", """{"scores":{"{o1}":1,"{o2}":2}}""", "scores" },
        { "score", "an unknown option scored", """{"scores":{"{o1}":1,"{o2}":2,"{o3}":3,"999999999":1}}""", "scores" },
        { "score", "a key that is not an id", """{"scores":{"abc":1}}""", "scores" },
        { "score", "a score as text", """{"scores":{"{o1}":"cinq","{o2}":0,"{o3}":0}}""", "scores" },
        { "score", "a score past 2^31", """{"scores":{"{o1}":2147483648,"{o2}":0,"{o3}":0}}""", "scores" },
        { "score", "scores as a list", """{"scores":[1,2,3]}""", "scores" },
        { "score", "options instead of scores", """{"options":[{o1}]}""", "scores" },
        { "budget", "over the budget", """{"options":[{o2},{o3}]}""", "options" },
        { "budget", "under the minimum", """{"options":[{o1}]}""", "options" },
        { "budget", "nothing chosen", """{"options":[]}""", "options" },
        { "budget", "an unknown project", """{"options":[{o2},999999999]}""", "options" },
        { "single", "an empty body", "", "body" },
        { "single", "null", "null", "body" },
        { "single", "broken JSON", "{", "body" },
        { "single", "a list", "[1]", "body" },
        { "single", "a text", "\"{o1}\"", "body" },
        { "single", "deep nesting", new string('[', 100), "body" },
    };

    [Theory]
    [MemberData(nameof(BallotApiCases))]
    public async Task Ballot_api_breaking_the_rules_or_the_shape_gets_problem_details_naming_the_field(string kind, string what, string json, string field)
    {
        var made = new Dictionary<string, string>();
        var url = await VotePlaceholdersAsync($"/api/v1/territories/{await TerritoryAsync()}/votes/{{vote.{kind}}}/ballots", made);
        var body = await VotePlaceholdersAsync(json, made);
        var (_, voter) = await FreshVoterAsync();
        using var _ = voter;
        var before = await DbFingerprint.TakeAsync(factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "règles-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        using var response = await voter.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (field == "body")
        {
            // Not a ballot at all: the problem names the body, or the first property the reader stumbled on.
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}, {what}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else await AssertProblemNamingAsync(response, field, $"{kind}, {what}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"ballot ({kind}): {what}");
    }

    /// <summary>The Idempotency-Key header of a ballot: 100 characters at most (problem details naming it); the same key replays the ballot.</summary>
    [Fact]
    public async Task Ballot_idempotency_key_longer_than_100_characters_is_refused_and_a_replay_returns_the_same_receipt()
    {
        var made = new Dictionary<string, string>();
        var url = await VotePlaceholdersAsync($"/api/v1/territories/{await TerritoryAsync()}/votes/{{vote.single}}/ballots", made);
        var body = await VotePlaceholdersAsync("""{"options":[{o1}]}""", made);
        var (_, voter) = await FreshVoterAsync();
        using var _ = voter;
        async Task<HttpResponseMessage> CastAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return await voter.Http.SendAsync(request);
        }

        var before = await DbFingerprint.TakeAsync(factory);
        using (var tooLong = await CastAsync(new string('k', 101)))
            await AssertProblemNamingAsync(tooLong, "Idempotency-Key", "Idempotency-Key of 101 characters");
        using (var huge = await CastAsync(new string('k', 8000)))
            Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "ballot with an Idempotency-Key longer than 100");

        var key = new string('k', 99) + "1";
        using var first = await CastAsync(key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var again = await CastAsync(key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var receipt = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("receipt").GetString();
        // A secret vote shows its receipt once: the replay acknowledges the ballot without it.
        Assert.False(string.IsNullOrEmpty(receipt));
        using var other = await CastAsync("une-autre-clé");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var voteId = int.Parse(made["{vote.single}"]);
        Assert.Equal(1, await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Ballots, b => b.VoteId == voteId)));
    }

    [Theory]
    [InlineData("/votes/{id}/ballots", "abc")]
    [InlineData("/votes/{id}/ballots", "-1")]
    [InlineData("/votes/{id}/ballots", "99999999")]
    [InlineData("/votes/{id}/ballots", "1099511627776")]
    [InlineData("/votes/{id}/ballots", "1e9")]
    public async Task Ballot_api_post_to_an_id_that_is_not_a_vote_gets_404(string path, string id)
    {
        var (_, voter) = await FreshVoterAsync();
        using var _ = voter;
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await voter.Http.PostAsync($"/api/v1/territories/{await TerritoryAsync()}{path.Replace("{id}", id)}",
            new StringContent("""{"options":[1]}""", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} with {id}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{path} with {id}");
    }
}
