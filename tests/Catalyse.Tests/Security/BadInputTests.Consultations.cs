using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Catalyse.Tests.Infrastructure;
using Catalyse.Tests.Participation;
using Catalyse.Web.Features.Participation.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// Bad input on the consultations: launching one (calendar of phases), proposing, commenting and replying, following,
/// the catalyst's answer, merge and hiding of a comment; their API (proposing, supporting) and the rules around them
/// (phases, ids of another proposal, consultation or territory). All in the tests' own territory (Guéret), with a fresh
/// consultation per case. Every form case: 400 with a French message for the field and nothing written, or accepted
/// without a message; never a 500, nothing reflected.
/// </summary>
public abstract partial class BadInputTests
{
    /// <summary>The French messages of the consultation and meeting rules.</summary>
    private static readonly Regex ParticipationMessage = new(
        @"^(Le titre compte de 5 à 200 caractères\.|La question compte de 5 à 500 caractères\.|Le seuil de soutiens va de .+|Les soutiens par personne vont de .+"
        + @"|Indiquez le début de la consultation\.|Chaque phase finit après la précédente : .+|Donnez la fin d'au moins une phase\.|Date invalide pour la phase .+"
        + @"|Cette consultation ne reçoit pas de propositions en ce moment\.|Le texte compte de 20 à .+|Choisissez une commune du territoire\.|10 liens au plus\."
        + @"|Lien \d+ invalide : .+|Un lien est vide\.|Les commentaires sont fermés pendant cette phase\.|Le commentaire compte de 2 à .+|Le commentaire auquel vous répondez n'existe plus\."
        + @"|Donnez la raison .+|Choisissez : à l'étude, acceptée, rejetée ou réalisée\.|La réponse compte de 5 à .+|Un coût ne peut être négatif\."
        + @"|L'avancement va de 0 à 100 %\.|Choisissez une autre proposition de la même consultation\.|Cette proposition est déjà fusionnée\."
        + @"|Choisissez le commentaire à masquer\.|On ne répond pas à un commentaire masqué\.|Cette proposition est fusionnée : la discussion continue sur celle qui a été gardée\."
        + @"|Indiquez le lieu\.|Indiquez le début\.|La fin suit le début\.|La capacité va de 1 à .+|Le compte rendu compte de 10 à .+|Une date des années 2000 à 2100\."
        + @"|Cochez des personnes inscrites\.)$");

    private const string ProposalBody = "Les enfants n'ont aucun abri les jours de pluie : un préau dans la cour de l'école.";

    /// <summary>The consultation forms. Placeholders: see <see cref="ConsultationPlaceholdersAsync"/>.</summary>
    private static FormUnderTest[] ConsultationForms =>
    [
        // Every phase end is optional (a consultation uses the phases it needs), one of them at least.
        new("consultation launch", "/t/{territory}/consultations/new", Persona.Coordinator,
            [("Title", "Consultation {unique}"), ("Question", "Que proposez-vous pour le centre-ville ?"), ("Description", "Une description."),
             ("SupportThreshold", "50"), ("SupportsPerPerson", "10"), ("StartsAt", "2027-03-01T08:00"), ("PhaseEnds[Information]", "2027-03-08T08:00"),
             ("PhaseEnds[Proposals]", "2027-04-08T08:00"), ("PhaseEnds[Deliberation]", "2027-04-22T08:00")],
            (name, v) => name is "Description" || name.StartsWith("PhaseEnds[") ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("proposal", "/t/{territory}/consultations/{consultation}", Persona.Resident,
            [("Title", "Un préau pour la cour {unique}"), ("Body", ProposalBody), ("CommuneCode", "23096"), ("Place", "École Jules-Ferry"),
             ("Links", "https://example.org/plan.pdf")],
            (name, v) => name is "Title" or "Body" ? FormUnderTest.Required(v) : FormUnderTest.Optional(v)),
        // A reply (ParentId) or, left empty, a new thread.
        new("comment", "/t/{territory}/proposals/{proposal}?handler=Comment", Persona.Resident,
            [("Comment", "Bonne idée, la cour est exposée au vent."), ("ParentId", "{comment}")],
            (name, v) => name == "ParentId" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("follow", "/t/{territory}/proposals/{proposal}?handler=Follow", Persona.Resident, [("Follow", "true")], (_, v) => FormUnderTest.Required(v)),
        new("comment hiding", "/t/{territory}/proposals/{proposal}?handler=Hide", Persona.Coordinator,
            [("CommentId", "{comment}"), ("Reason", "Propos injurieux")], (_, v) => FormUnderTest.Required(v)),
        new("proposal answer", "/t/{territory}/proposals/{proposal}?handler=Answer", Persona.Coordinator,
            [("Status", "Accepted"), ("Answer", "Acceptée : travaux prévus au printemps."), ("EstimatedCost", "12000"), ("Progress", "10")],
            (name, v) => name is "EstimatedCost" or "Progress" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("proposal merge", "/t/{territory}/proposals/{proposal}?handler=Merge", Persona.Coordinator, [("Target", "{target}")], (_, v) => FormUnderTest.Required(v)),
    ];

    public static TheoryData<string, string, string, string> ConsultationFormCases => ParticipationCases(ConsultationForms);

    private static TheoryData<string, string, string, string> ParticipationCases(FormUnderTest[] forms)
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var form in forms)
            foreach (var name in FieldsOf(form))
                foreach (var value in BadValues.All)
                    data.Add(form.Name, name, value.Label(), Expectation(form.Rule(name, value)));
        return data;
    }

    [Theory]
    [MemberData(nameof(ConsultationFormCases))]
    public Task Consultation_form_field_with_a_bad_value_gets_a_clear_answer(string form, string field, string value, string expected) =>
        ParticipationFormCaseAsync(ConsultationForms.Single(f => f.Name == form), field, value, expected);

    /// <summary>As <see cref="Form_field_with_a_bad_value_gets_a_clear_answer"/>, for the consultation and meeting forms.</summary>
    private async Task ParticipationFormCaseAsync(FormUnderTest f, string field, string value, string expected, IReadOnlyList<(string Key, string Value)>? overrides = null)
    {
        var bad = BadValues.All.SingleOrDefault(v => v.Label() == value);
        var outcome = overrides is null ? f.Rule(field, bad) : Outcome.Refused;
        Assert.Equal(Expectation(outcome), expected);
        using var fresh = f.Account == FormAccount.Persona ? null : await FreshClientAsync(f.Account == FormAccount.FreshResidentOfGueret);
        var client = fresh ?? await ClientAsync(f.Persona);
        var unique = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var made = new Dictionary<string, string> { ["{territory}"] = await TerritoryAsync() };
        var url = await ParticipationPlaceholdersAsync(f.Url, made);
        var pairs = new List<(string Key, byte[] Encoded)>();
        foreach (var (key, text) in f.Valid)
        {
            var resolved = await ParticipationPlaceholdersAsync(text.Replace("{unique}", unique), made);
            if (overrides?.FirstOrDefault(o => o.Key == key) is { Key: not null } o) resolved = await ParticipationPlaceholdersAsync(o.Value, made);
            pairs.Add((key, overrides is null && key == field ? bad.FormEncoded() : Encoding.ASCII.GetBytes(Uri.EscapeDataString(resolved))));
        }

        var before = outcome == Outcome.Refused ? await DbFingerprint.TakeAsync(factory) : null;
        using var response = await PostRawFormAsync(client, url, pairs);
        var status = (int)response.StatusCode;
        var html = await response.Content.ReadAsStringAsync();
        var what = $"{f.Name} {field} = {value}";
        Assert.True(status < 500, $"{what}: {status}");
        if (outcome == Outcome.Refused)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {status} {response.Headers.Location}");
            var doc = TestClient.Parse(html);
            Assert.Equal("fr", doc.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(doc.QuerySelector("form[method=post]"));
            var span = doc.QuerySelector($"[data-valmsg-for='{field}']");
            var message = span is not null && span.TextContent.Trim().Length > 0
                ? span.TextContent.Trim()
                : doc.QuerySelector(".validation-summary-errors li")?.TextContent.Trim() ?? "";
            Assert.True(FrenchMessage.IsMatch(message) || ParticipationMessage.IsMatch(message) || MarketplaceMessage.IsMatch(message), $"{what}: expected a French message for the field, got '{message}'");
            DbFingerprint.AssertUnchanged(before!, await DbFingerprint.TakeAsync(factory), what);
        }
        else
        {
            Assert.True(status is 200 or 302 or 400, $"{what}: {status}");
            if (outcome == Outcome.Accepted && status != 302)
            {
                var message = TestClient.Parse(html).QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim();
                Assert.True(string.IsNullOrEmpty(message), $"{what}: accepted value got a message '{message}'");
            }
            DbFingerprint.AssertWellFormed(await DbFingerprint.TakeAsync(factory), what);
        }
        if (response.Content.Headers.ContentType?.MediaType == "text/html") BadValues.AssertNotReflected(html, what);
    }

    // ---------------------------------------------------------------- arrangements

    /// <summary>
    /// Resolves, once per case: <c>{consultation}</c> (a fresh consultation of the tests' territory in its proposals
    /// phase), <c>{proposal}</c> and <c>{target}</c> (two proposals of it), <c>{comment}</c> (a thread of the proposal),
    /// <c>{meeting}</c> (an upcoming meeting of 10 seats) and <c>{registration}</c> (a confirmed registration to it),
    /// after <c>{territory}</c> (in <paramref name="made"/>).
    /// </summary>
    private async Task<string> ParticipationPlaceholdersAsync(string text, Dictionary<string, string> made)
    {
        var slug = made["{territory}"];
        if ((text.Contains("{consultation}") || text.Contains("{proposal}") || text.Contains("{target}") || text.Contains("{comment}")) && !made.ContainsKey("{consultation}"))
        {
            var consultation = await ConsultationInAsync(slug, PhaseKind.Proposals);
            made["{consultation}"] = consultation.Id.ToString();
            var proposal = await ProposalInAsync(consultation.Id);
            made["{proposal}"] = proposal.Id.ToString();
            made["{target}"] = (await ProposalInAsync(consultation.Id)).Id.ToString();
            made["{comment}"] = (await CommentOnAsync(proposal.Id)).ToString();
        }
        if ((text.Contains("{meeting}") || text.Contains("{registration}")) && !made.ContainsKey("{meeting}"))
        {
            var meeting = await MeetingInAsync(slug, DateTimeOffset.UtcNow.AddDays(10));
            made["{meeting}"] = meeting.Id.ToString();
            made["{registration}"] = (await RegistrationToAsync(meeting.Id)).ToString();
        }
        foreach (var (placeholder, value) in made) text = text.Replace(placeholder, value);
        return text;
    }

    /// <summary>A consultation whose <paramref name="current"/> phase is under way (information, proposals, deliberation; then results).</summary>
    private async Task<Consultation> ConsultationInAsync(string slug, PhaseKind current, int perPerson = 10)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        var now = DateTimeOffset.UtcNow;
        var order = new[] { PhaseKind.Information, PhaseKind.Proposals, PhaseKind.Deliberation, PhaseKind.Results };
        var ends = new Dictionary<PhaseKind, DateTimeOffset?>();
        for (var i = 0; i < order.Length; i++)
        {
            var offset = i - Array.IndexOf(order, current);
            ends[order[i]] = offset < 0 ? now.AddMinutes(-10 + i) : now.AddDays(1 + offset);
        }
        using var scope = factory.Services.CreateScope();
        var (c, errors) = await scope.ServiceProvider.GetRequiredService<ConsultationService>().CreateAsync(territoryId, creator,
            new ConsultationInput("Consultation des saisies", "Que proposez-vous ?", "", 3, perPerson, now.AddDays(-1), ends));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return c!;
    }

    /// <summary>A proposal by a new person, written directly (whatever the phase).</summary>
    private Task<Proposal> ProposalInAsync(int consultationId, ProposalStatus status = ProposalStatus.New) => factory.WithDbAsync(async db =>
    {
        var consultation = await db.Consultations.IgnoreQueryFilters().SingleAsync(c => c.Id == consultationId);
        var author = (await PetitionData.PeopleAsync(factory, 1))[0];
        var p = new Proposal
        {
            TerritoryId = consultation.TerritoryId, ConsultationId = consultationId, AuthorId = author, Title = "Des composteurs partagés",
            Body = ProposalBody, Status = status, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Proposals.Add(p);
        await db.SaveChangesAsync();
        return p;
    });

    private Task<long> CommentOnAsync(int proposalId, string? hiddenReason = null) => factory.WithDbAsync(async db =>
    {
        var author = (await PetitionData.PeopleAsync(factory, 1))[0];
        var c = new ProposalComment { ProposalId = proposalId, AuthorId = author, Body = "Un premier avis.", CreatedAt = DateTimeOffset.UtcNow, HiddenReason = hiddenReason };
        db.ProposalComments.Add(c);
        await db.SaveChangesAsync();
        await db.Proposals.IgnoreQueryFilters().Where(p => p.Id == proposalId).ExecuteUpdateAsync(s => s.SetProperty(p => p.CommentCount, p => p.CommentCount + 1));
        return c.Id;
    });

    // ---------------------------------------------------------------- the launch form's own rules

    private static FormUnderTest Launch => ConsultationForms.Single(f => f.Name == "consultation launch");

    /// <summary>Rules of the launch form beyond the bad values: (label, field whose message is expected, values changed).</summary>
    private static readonly (string Rule, string Field, (string Key, string Value)[] Values)[] LaunchRules =
    [
        ("phases in the wrong order", "PhaseEnds", [("PhaseEnds[Proposals]", "2027-03-05T08:00")]),
        ("a phase ending when the previous one ends", "PhaseEnds", [("PhaseEnds[Proposals]", "2027-03-08T08:00")]),
        ("the first phase ending before the start", "PhaseEnds", [("PhaseEnds[Information]", "2027-02-01T08:00")]),
        ("no phase at all", "PhaseEnds", [("PhaseEnds[Information]", ""), ("PhaseEnds[Proposals]", ""), ("PhaseEnds[Deliberation]", "")]),
        ("a phase ending in 2101", "PhaseEnds", [("PhaseEnds[Deliberation]", "2101-01-01T08:00")]),
        ("a phase ending in 1999", "PhaseEnds", [("PhaseEnds[Information]", "1999-12-31T08:00")]),
        ("a phase end that is not a date", "PhaseEnds", [("PhaseEnds[Proposals]", "demain")]),
        ("a phase end at year 1", "PhaseEnds", [("PhaseEnds[Information]", "0001-01-01T00:00")]),
        ("a phase end at year 9999", "PhaseEnds", [("PhaseEnds[Deliberation]", "9999-12-31T23:59")]),
        ("a start in 1999", "StartsAt", [("StartsAt", "1999-12-31T08:00")]),
        ("a start in 2101", "StartsAt", [("StartsAt", "2101-01-01T08:00")]),
        ("a start at year 1", "StartsAt", [("StartsAt", "0001-01-01T00:00")]),
        ("a start at year 9999", "StartsAt", [("StartsAt", "9999-12-31T23:59")]),
        ("a start that is not a date", "StartsAt", [("StartsAt", "lundi")]),
        ("a threshold of 0", "SupportThreshold", [("SupportThreshold", "0")]),
        ("a negative threshold", "SupportThreshold", [("SupportThreshold", "-5")]),
        ("a threshold past 1,000,000", "SupportThreshold", [("SupportThreshold", "1000001")]),
        ("a threshold past 2^31", "SupportThreshold", [("SupportThreshold", "99999999999")]),
        ("a threshold that is not a number", "SupportThreshold", [("SupportThreshold", "cinquante")]),
        ("a threshold with decimals", "SupportThreshold", [("SupportThreshold", "12.5")]),
        ("negative supports per person", "SupportsPerPerson", [("SupportsPerPerson", "-1")]),
        ("supports per person past 1,000", "SupportsPerPerson", [("SupportsPerPerson", "1001")]),
        ("supports per person that are not a number", "SupportsPerPerson", [("SupportsPerPerson", "dix")]),
        ("a title of 4 characters", "Title", [("Title", "Abcd")]),
        ("a question of 4 characters", "Question", [("Question", "Quoi")]),
        ("a blank title", "Title", [("Title", "     ")]),
    ];

    public static TheoryData<string, string> LaunchRuleCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (rule, name, _) in LaunchRules) data.Add(rule, name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LaunchRuleCases))]
    public Task Consultation_launch_breaking_a_rule_comes_back_with_the_fields_message(string rule, string field) =>
        ParticipationFormCaseAsync(Launch, field, rule, "400 + field message", LaunchRules.Single(r => r.Rule == rule).Values);

    // ---------------------------------------------------------------- proposals, comments, answers, merges: rules

    /// <summary>(label, form, field, values changed): each refused with its message, nothing written.</summary>
    private static readonly (string Rule, string Form, string Field, (string Key, string Value)[] Values)[] ProposalRules =
    [
        ("a commune outside the territory", "proposal", "CommuneCode", [("CommuneCode", "38185")]),
        ("a commune that does not exist", "proposal", "CommuneCode", [("CommuneCode", "99999")]),
        ("a link that is not http", "proposal", "Links", [("Links", "ftp://example.org/plan.pdf")]),
        ("a relative link", "proposal", "Links", [("Links", "/plan.pdf")]),
        ("11 links", "proposal", "Links", [("Links", string.Join('\n', Enumerable.Range(1, 11).Select(i => $"https://example.org/{i}")))]),
        ("a body of 19 characters", "proposal", "Body", [("Body", "Dix-neuf caractères")]),
        ("a comment of 1 character", "comment", "Comment", [("Comment", "a")]),
        ("a reply to a comment that does not exist", "comment", "Comment", [("ParentId", "999999999")]),
        ("a reply to a negative id", "comment", "Comment", [("ParentId", "-1")]),
        ("a reply to a comment of another proposal", "comment", "Comment", [("ParentId", "{comment.other}")]),
        ("a reason of 2 characters", "comment hiding", "Reason", [("Reason", "ab")]),
        ("a status that does not exist", "proposal answer", "Status", [("Status", "99")]),
        ("the status 'new'", "proposal answer", "Status", [("Status", "New")]),
        ("the status 'merged'", "proposal answer", "Status", [("Status", "Merged")]),
        ("a negative cost", "proposal answer", "EstimatedCost", [("EstimatedCost", "-1")]),
        ("a cost that is not a number", "proposal answer", "EstimatedCost", [("EstimatedCost", "douze mille")]),
        ("a cost past 2^63", "proposal answer", "EstimatedCost", [("EstimatedCost", "99999999999999999999")]),
        ("a progress of 101 %", "proposal answer", "Progress", [("Progress", "101")]),
        ("a negative progress", "proposal answer", "Progress", [("Progress", "-1")]),
        ("a progress that is not a number", "proposal answer", "Progress", [("Progress", "50%")]),
        ("an answer of 4 characters", "proposal answer", "Answer", [("Answer", "Oui.")]),
        ("a merge into itself", "proposal merge", "Target", [("Target", "{proposal}")]),
        ("a merge into a proposal that does not exist", "proposal merge", "Target", [("Target", "999999999")]),
        ("a merge into a proposal of another consultation", "proposal merge", "Target", [("Target", "{proposal.other}")]),
        ("a merge into a proposal of another territory", "proposal merge", "Target", [("Target", "{proposal.elsewhere}")]),
        ("a merge into a negative id", "proposal merge", "Target", [("Target", "-3")]),
    ];

    public static TheoryData<string, string, string> ProposalRuleCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (rule, form, name, _) in ProposalRules) data.Add(form, rule, name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ProposalRuleCases))]
    public async Task Consultation_proposal_forms_breaking_a_rule_come_back_with_the_fields_message(string form, string rule, string field)
    {
        var values = ProposalRules.Single(r => r.Rule == rule).Values.ToList();
        for (var i = 0; i < values.Count; i++) values[i] = (values[i].Key, await OtherPlaceholdersAsync(values[i].Value));
        await ParticipationFormCaseAsync(ConsultationForms.Single(f => f.Name == form), field, rule, "400 + field message", values);
    }

    /// <summary><c>{comment.other}</c> (a thread of another proposal), <c>{proposal.other}</c> (of another consultation), <c>{proposal.elsewhere}</c> (of another territory).</summary>
    private async Task<string> OtherPlaceholdersAsync(string text)
    {
        if (!text.Contains("{comment.") && !text.Contains("{proposal.")) return text;
        var slug = await TerritoryAsync();
        if (text.Contains("{comment.other}"))
            text = text.Replace("{comment.other}", (await CommentOnAsync((await ProposalInAsync((await ConsultationInAsync(slug, PhaseKind.Proposals)).Id)).Id)).ToString());
        if (text.Contains("{proposal.other}"))
            text = text.Replace("{proposal.other}", (await ProposalInAsync((await ConsultationInAsync(slug, PhaseKind.Proposals)).Id)).Id.ToString());
        if (text.Contains("{proposal.elsewhere}"))
            text = text.Replace("{proposal.elsewhere}", (await ProposalInAsync((await ConsultationInAsync("grenoble-alpes", PhaseKind.Proposals)).Id)).Id.ToString());
        return text;
    }

    /// <summary>A hidden comment takes no reply, a merged proposal no comment (its discussion goes on where it was merged), nor a merge into it.</summary>
    [Fact]
    public async Task Consultation_reply_to_a_hidden_comment_or_comment_on_a_merged_proposal_is_refused_and_writes_nothing()
    {
        var slug = await TerritoryAsync();
        var client = await ClientAsync(Persona.Resident);
        var consultation = await ConsultationInAsync(slug, PhaseKind.Proposals);
        var proposal = await ProposalInAsync(consultation.Id);
        var hidden = await CommentOnAsync(proposal.Id, "Propos injurieux");
        var before = await DbFingerprint.TakeAsync(factory);
        using (var response = await client.PostFormAsync($"/t/{slug}/proposals/{proposal.Id}?handler=Comment", [new("Comment", "Je réponds quand même."), new("ParentId", hidden.ToString())], tokenFrom: "/account/login"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var message = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='Comment']")?.TextContent.Trim() ?? "";
            Assert.Matches(ParticipationMessage, message);
        }
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "reply to a hidden comment");

        var merged = await ProposalInAsync(consultation.Id, ProposalStatus.Merged);
        before = await DbFingerprint.TakeAsync(factory);
        using (var response = await client.PostFormAsync($"/t/{slug}/proposals/{merged.Id}?handler=Comment", [new("Comment", "Un avis sur le doublon.")], tokenFrom: "/account/login"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var message = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[data-valmsg-for='Comment']")?.TextContent.Trim() ?? "";
            Assert.Matches(ParticipationMessage, message);
        }
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "comment on a merged proposal");

        // A merge into a proposal already merged elsewhere.
        var coordinator = await ClientAsync(Persona.Coordinator);
        before = await DbFingerprint.TakeAsync(factory);
        using (var response = await coordinator.PostFormAsync($"/t/{slug}/proposals/{proposal.Id}?handler=Merge", [new("Target", merged.Id.ToString())], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "merge into a merged proposal");
    }

    /// <summary>Outside the phases that take them, proposals, comments and supports are refused and nothing is written.</summary>
    [Theory]
    [InlineData("Information")]
    [InlineData("Results")]
    public async Task Consultation_proposing_commenting_or_supporting_outside_their_phases_is_refused_and_writes_nothing(string phase)
    {
        var slug = await TerritoryAsync();
        var client = await ClientAsync(Persona.Resident);
        var consultation = await ConsultationInAsync(slug, Enum.Parse<PhaseKind>(phase));
        var proposal = await ProposalInAsync(consultation.Id);
        var before = await DbFingerprint.TakeAsync(factory);
        using (var response = await client.PostFormAsync($"/t/{slug}/consultations/{consultation.Id}",
            [new("Title", "Une proposition hors phase"), new("Body", ProposalBody)], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await client.PostFormAsync($"/t/{slug}/proposals/{proposal.Id}?handler=Comment", [new("Comment", "Un avis hors phase.")], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await client.PostFormAsync($"/t/{slug}/proposals/{proposal.Id}?handler=Support", [], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), $"{phase} phase");
    }

    /// <summary>A proposal, consultation or comment of another territory is not found through this territory's addresses.</summary>
    [Theory]
    [InlineData("/t/{territory}/consultations/{elsewhere.consultation}", "Title=Une proposition ailleurs&Body=" + "Une proposition déposée à travers un autre territoire.")]
    [InlineData("/t/{territory}/proposals/{elsewhere.proposal}?handler=Support", "")]
    [InlineData("/t/{territory}/proposals/{elsewhere.proposal}?handler=Follow", "Follow=true")]
    [InlineData("/t/{territory}/proposals/{elsewhere.proposal}?handler=Comment", "Comment=Un avis venu d'ailleurs")]
    [InlineData("/t/{territory}/proposals/{elsewhere.proposal}?handler=Answer", "Status=Accepted&Answer=Accept%C3%A9e ailleurs")]
    [InlineData("/t/{territory}/proposals/{elsewhere.proposal}?handler=Hide", "CommentId={elsewhere.comment}&Reason=Hors sujet")]
    [InlineData("/t/{territory}/proposals/{proposal}?handler=Hide", "CommentId={elsewhere.comment}&Reason=Hors sujet")]
    [InlineData("/t/{territory}/proposals/{elsewhere.proposal}?handler=Merge", "Target={proposal}")]
    [InlineData("/t/{territory}/proposals/999999999?handler=Comment", "Comment=Un avis perdu")]
    [InlineData("/t/{territory}/proposals/{proposal}?handler=Hide", "CommentId=999999999&Reason=Hors sujet")]
    public async Task Consultation_forms_on_ids_of_another_territory_or_that_do_not_exist_get_404_and_write_nothing(string target, string form)
    {
        var slug = await TerritoryAsync();
        var elsewhere = await ConsultationInAsync("grenoble-alpes", PhaseKind.Proposals);
        var elsewhereProposal = await ProposalInAsync(elsewhere.Id);
        var elsewhereComment = await CommentOnAsync(elsewhereProposal.Id);
        var ours = await ProposalInAsync((await ConsultationInAsync(slug, PhaseKind.Proposals)).Id);
        string Resolve(string s) => s.Replace("{territory}", slug).Replace("{elsewhere.consultation}", elsewhere.Id.ToString())
            .Replace("{elsewhere.proposal}", elsewhereProposal.Id.ToString()).Replace("{elsewhere.comment}", elsewhereComment.ToString()).Replace("{proposal}", ours.Id.ToString());
        var client = await ClientAsync(Persona.Coordinator);
        var fields = Resolve(form).Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], Uri.UnescapeDataString(p[1]))).ToArray();
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync(Resolve(target), fields, tokenFrom: "/account/login");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), target);
    }

    /// <summary>The hiding form without the comment's id (the form always sends it): 400 with a message, not a 404.</summary>
    [Fact]
    public async Task Consultation_hiding_without_a_comment_id_gets_a_message()
    {
        var slug = await TerritoryAsync();
        var proposal = await ProposalInAsync((await ConsultationInAsync(slug, PhaseKind.Proposals)).Id);
        var client = await ClientAsync(Persona.Coordinator);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync($"/t/{slug}/proposals/{proposal.Id}?handler=Hide", [new("Reason", "Hors sujet")], tokenFrom: "/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".validation-summary-errors li")?.TextContent.Trim() ?? "";
        Assert.Matches(ParticipationMessage, message);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), "hiding without id");
    }

    // ---------------------------------------------------------------- API

    public static readonly string[] ProposalApiFields = ["title", "body", "communeCode", "place", "links[]"];

    private static bool ProposalApiAccepts(string field, ApiBadValue v) => v == ApiBadValue.Empty && field is "communeCode" or "place" or "links[]";

    public static TheoryData<string, string, string> ProposalApiCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var name in ProposalApiFields)
                foreach (var v in Enum.GetValues<ApiBadValue>())
                    data.Add(name, Label(v), ProposalApiAccepts(name, v) ? "201" : $"400 naming {name.TrimEnd('[', ']')}");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ProposalApiCases))]
    public async Task Consultation_proposal_api_field_with_a_bad_value_gets_problem_details_naming_it(string field, string value, string expected)
    {
        var bad = Enum.GetValues<ApiBadValue>().Single(v => Label(v) == value);
        Assert.Equal(ProposalApiAccepts(field, bad) ? "201" : $"400 naming {field.TrimEnd('[', ']')}", expected);
        var slug = await TerritoryAsync();
        var consultation = await ConsultationInAsync(slug, PhaseKind.Proposals);
        const string Marker = "@@BAD@@";
        var body = new Dictionary<string, object?>
        {
            ["title"] = "Un préau pour la cour", ["body"] = ProposalBody, ["communeCode"] = "23096", ["place"] = "École Jules-Ferry",
            ["links"] = new[] { "https://example.org/plan.pdf" },
        };
        var key = field.TrimEnd('[', ']');
        body[key] = field.EndsWith("[]") ? new[] { "https://example.org/plan.pdf", Marker } : Marker;
        var json = JsonSerializer.Serialize(body);
        var at = json.IndexOf('"' + Marker + '"', StringComparison.Ordinal);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(json[..at]));
        bytes.AddRange(bad switch
        {
            ApiBadValue.Empty => "\"\""u8.ToArray(),
            ApiBadValue.Huge => Encoding.UTF8.GetBytes('"' + BadValues.Huge + '"'),
            ApiBadValue.LoneSurrogate => "\"abc\\uD800def\""u8.ToArray(),
            ApiBadValue.InvalidByte => [(byte)'"', (byte)'a', 0xFF, (byte)'b', (byte)'"'],
            ApiBadValue.ScriptTag => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(BadValues.ScriptTag)),
            ApiBadValue.ImgOnerror => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(BadValues.ImgOnerror)),
            _ => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(BadValues.JavascriptUri)),
        });
        bytes.AddRange(Encoding.UTF8.GetBytes(json[(at + Marker.Length + 2)..]));

        using var api = await FreshApiClientAsync();
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/consultations/{consultation.Id}/proposals", JsonBytes(bytes.ToArray()));
        var what = $"{field} = {value}";
        if (ProposalApiAccepts(field, bad))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{what}: {(int)response.StatusCode} {text}");
            return;
        }
        await AssertProblemNamingAsync(response, key, what);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), what);
    }

    /// <summary>Bodies that are not JSON, not an object, of the wrong types, or not sent as JSON.</summary>
    [Theory]
    [InlineData("application/json", "")]
    [InlineData("application/json", "null")]
    [InlineData("application/json", "{")]
    [InlineData("application/json", "[1,2]")]
    [InlineData("application/json", "\"un préau\"")]
    [InlineData("application/json", "{\"title\": 12, \"body\": \"Une proposition sans titre lisible.\"}")]
    [InlineData("application/json", "{\"title\": \"Un préau\", \"body\": {\"a\": 1}}")]
    [InlineData("application/json", "{\"title\": \"Un préau pour la cour\", \"body\": \"Les enfants n'ont aucun abri les jours de pluie.\", \"links\": \"https://example.org\"}")]
    [InlineData("application/json", "{\"title\": \"Un préau pour la cour\", \"body\": \"Les enfants n'ont aucun abri les jours de pluie.\", \"links\": [null]}")]
    [InlineData("application/json", "{}")]
    [InlineData("application/x-www-form-urlencoded", "title=Un+pr%C3%A9au&body=Les+enfants+n%27ont+aucun+abri+les+jours+de+pluie.")]
    [InlineData("text/plain", "Un préau pour la cour")]
    public async Task Consultation_proposal_api_body_that_is_not_a_proposal_gets_problem_details_and_writes_nothing(string contentType, string body)
    {
        var slug = await TerritoryAsync();
        var consultation = await ConsultationInAsync(slug, PhaseKind.Proposals);
        using var api = await FreshApiClientAsync();
        var before = await DbFingerprint.TakeAsync(factory);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/consultations/{consultation.Id}/proposals", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{contentType} '{body}': {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), body);
    }

    /// <summary>Proposing outside the proposals phase, or with a commune outside the territory, through the API.</summary>
    [Theory]
    [InlineData("Information", "23096", "title")]
    [InlineData("Deliberation", "23096", "title")]
    [InlineData("Proposals", "38185", "communeCode")]
    public async Task Consultation_proposal_api_breaking_a_rule_gets_problem_details_naming_the_field(string phase, string commune, string field)
    {
        var slug = await TerritoryAsync();
        var consultation = await ConsultationInAsync(slug, Enum.Parse<PhaseKind>(phase));
        using var api = await FreshApiClientAsync();
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/consultations/{consultation.Id}/proposals",
            JsonBytes(JsonSerializer.SerializeToUtf8Bytes(new { title = "Un préau pour la cour", body = ProposalBody, communeCode = commune })));
        await AssertProblemNamingAsync(response, field, $"{phase} {commune}");
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), phase);
    }

    /// <summary>Posting to ids that are not this territory's consultation or proposal: 404 problem details, nothing written.</summary>
    [Theory]
    [InlineData("consultations/{elsewhere.consultation}/proposals")]
    [InlineData("consultations/999999999/proposals")]
    [InlineData("consultations/0/proposals")]
    [InlineData("proposals/{elsewhere.proposal}/supports")]
    [InlineData("proposals/999999999/supports")]
    [InlineData("proposals/-1/supports")]
    public async Task Consultation_api_post_to_an_id_of_another_territory_or_that_does_not_exist_gets_404(string path)
    {
        var slug = await TerritoryAsync();
        var elsewhere = await ConsultationInAsync("grenoble-alpes", PhaseKind.Proposals);
        var elsewhereProposal = await ProposalInAsync(elsewhere.Id);
        using var api = await FreshApiClientAsync();
        var before = await DbFingerprint.TakeAsync(factory);
        var url = $"/api/v1/territories/{slug}/" + path.Replace("{elsewhere.consultation}", elsewhere.Id.ToString()).Replace("{elsewhere.proposal}", elsewhereProposal.Id.ToString());
        using var response = await api.Http.PostAsync(url, JsonBytes(JsonSerializer.SerializeToUtf8Bytes(new { title = "Un préau pour la cour", body = ProposalBody })));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), path);
    }

    /// <summary>Supporting a merged or rejected proposal through the API: 409, nothing written.</summary>
    [Theory]
    [InlineData(ProposalStatus.Merged)]
    [InlineData(ProposalStatus.Rejected)]
    public async Task Consultation_support_api_on_a_merged_or_rejected_proposal_gets_409(ProposalStatus status)
    {
        var slug = await TerritoryAsync();
        var proposal = await ProposalInAsync((await ConsultationInAsync(slug, PhaseKind.Proposals)).Id, status);
        using var api = await FreshApiClientAsync();
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/proposals/{proposal.Id}/supports", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), status.ToString());
    }

    /// <summary>Query strings of the consultation pages and API never get a 500 nor are reflected.</summary>
    [Theory]
    [InlineData("/t/grand-gueret/consultations?p={v}")]
    [InlineData("/t/grand-gueret/consultations/{v}")]
    [InlineData("/t/grand-gueret/proposals/{v}")]
    [InlineData("/api/v1/territories/grand-gueret/consultations?page={v}")]
    [InlineData("/api/v1/territories/grand-gueret/consultations?pageSize={v}")]
    [InlineData("/api/v1/territories/grand-gueret/consultations/{v}")]
    [InlineData("/api/v1/territories/grand-gueret/proposals?consultation={v}")]
    [InlineData("/api/v1/territories/grand-gueret/proposals?consultation=1&sort={v}")]
    [InlineData("/api/v1/territories/grand-gueret/proposals?consultation=1&status={v}")]
    [InlineData("/api/v1/territories/grand-gueret/proposals/{v}")]
    public async Task Consultation_query_values_never_get_a_500_nor_are_reflected(string url)
    {
        var consultation = await ConsultationInAsync("grand-gueret", PhaseKind.Proposals);
        var client = await Personas.For(factory).ClientAsync(Persona.Anonymous);
        foreach (var (label, encoded) in QueryValues.Append(("page 2", "2")).Append(("status", "InStudy")))
        {
            var value = encoded.Length == 0 && !url.Contains('?') ? "%20" : encoded;
            var target = url.Replace("consultation=1", $"consultation={consultation.Id}").Replace("{v}", value);
            using var response = await client.GetAsync(target);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status is 200 or 302 or 400 or 404, $"{url} with {label}: {status}");
            if (url.StartsWith("/api/") && status >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (response.Content.Headers.ContentType?.MediaType == "text/html") BadValues.AssertNotReflected(text, $"{url} with {label}");
        }
    }
}
