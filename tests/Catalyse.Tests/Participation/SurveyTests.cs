using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>Surveys: written as drafts, answered once per person (under concurrency too), results per question, export.</summary>
public abstract class SurveyTests(CatalyseFactory factory)
{
    private const string Slug = "grenoble-alpes";

    private static readonly QuestionInput[] Questions =
    [
        new("Comment venez-vous au centre-ville ?", QuestionKind.SingleChoice, true, "À pied\nÀ vélo\nEn tram\nEn voiture", null, null),
        new("Quels services vous manquent ?", QuestionKind.MultipleChoice, false, "Épicerie\nMédecin\nBanc public", 2, null),
        new("Êtes-vous satisfait du quartier ?", QuestionKind.Scale, false, null, null, 5),
        new("Une idée pour le quartier ?", QuestionKind.LongText, false, null, null, null),
    ];

    private async Task<Survey> OpenSurveyAsync(bool live = false, IdentityLevel level = IdentityLevel.EmailConfirmed)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, Slug);
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var (survey, errors) = await scope.ServiceProvider.GetRequiredService<SurveyService>().CreateAsync(territoryId, creator,
            new SurveyInput("Vivre dans le quartier", "Dix minutes pour parler de votre quartier.", level, DateTimeOffset.UtcNow.AddMinutes(-1),
                DateTimeOffset.UtcNow.AddDays(7), live), Questions, publish: true);
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return (await scope.ServiceProvider.GetRequiredService<SurveyQueries>().FindAsync(survey!.Id))!;
    }

    private async Task<RespondResult> RespondAsync(int surveyId, string userId, Dictionary<int, AnswerInput> answers)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SurveyService>().RespondAsync(surveyId, userId, answers);
    }

    private static Dictionary<int, AnswerInput> Answer(Survey s, int choice = 0, int[]? services = null, int? scale = null, string? idea = null)
    {
        var q = s.Questions;
        var answers = new Dictionary<int, AnswerInput> { [q[0].Id] = new([q[0].Choices[choice].Id], null, null) };
        if (services is not null) answers[q[1].Id] = new(services.Select(i => q[1].Choices[i].Id).ToList(), null, null);
        if (scale is not null) answers[q[2].Id] = new(null, scale, null);
        if (idea is not null) answers[q[3].Id] = new(null, null, idea);
        return answers;
    }

    private Task<(int Participants, int Responses, int Counter)> CountsAsync(int surveyId) => factory.WithDbAsync(async db => (
        await db.SurveyParticipants.CountAsync(p => p.SurveyId == surveyId), await db.SurveyResponses.CountAsync(r => r.SurveyId == surveyId),
        await db.Surveys.Where(s => s.Id == surveyId).Select(s => s.ResponseCount).SingleAsync()));

    [Fact]
    public async Task The_same_person_answering_200_times_at_once_is_counted_once_and_50_people_times_4_make_50()
    {
        var survey = await OpenSurveyAsync();
        var one = (await PetitionData.PeopleAsync(factory, 1))[0];
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => RespondAsync(survey.Id, one, Answer(survey, i % 4)))));
        Assert.Equal(1, outcomes.Count(o => o.Outcome == RespondOutcome.Recorded));
        Assert.All(outcomes, o => Assert.Contains(o.Outcome, new[] { RespondOutcome.Recorded, RespondOutcome.AlreadyResponded }));
        Assert.Equal((1, 1, 1), await CountsAsync(survey.Id));

        var people = await PetitionData.PeopleAsync(factory, 50);
        var many = await Task.WhenAll(people.SelectMany(p => Enumerable.Repeat(p, 4)).Select(p => Task.Run(() => RespondAsync(survey.Id, p, Answer(survey)))));
        Assert.Equal(50, many.Count(o => o.Outcome == RespondOutcome.Recorded));
        Assert.Equal((51, 51, 51), await CountsAsync(survey.Id));
        // Who answered keeps the day only, and nothing links a person to the answers.
        var days = await factory.WithDbAsync(db => db.SurveyParticipants.Where(p => p.SurveyId == survey.Id).Select(p => p.RespondedOn).ToListAsync());
        Assert.All(days, d => Assert.Equal(TimeSpan.Zero, d.UtcDateTime.TimeOfDay));
    }

    [Fact]
    public async Task Answers_are_checked_against_each_question_and_a_refused_response_writes_nothing()
    {
        var survey = await OpenSurveyAsync();
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var q = survey.Questions;
        async Task<string[]> Errors(Dictionary<int, AnswerInput> answers, string field)
        {
            var result = await RespondAsync(survey.Id, person, answers);
            Assert.Equal(RespondOutcome.Invalid, result.Outcome);
            return Assert.Contains(field, (IDictionary<string, string[]>)result.Errors!);
        }
        Assert.Contains("Répondez à cette question : « Comment venez-vous au centre-ville ? ».", await Errors([], $"q{q[0].Id}"));
        Assert.Contains("Un seul choix.", await Errors(new() { [q[0].Id] = new([q[0].Choices[0].Id, q[0].Choices[1].Id], null, null) }, $"q{q[0].Id}"));
        // A choice of another question is unknown here.
        Assert.Contains("Choix inconnu.", await Errors(new() { [q[0].Id] = new([q[1].Choices[0].Id], null, null) }, $"q{q[0].Id}"));
        Assert.Contains("Au plus 2 choix.", await Errors(Answer(survey, services: [0, 1, 2]), $"q{q[1].Id}"));
        Assert.Contains("Une note de 1 à 5.", await Errors(Answer(survey, scale: 6), $"q{q[2].Id}"));
        Assert.Contains("Une note de 1 à 5.", await Errors(Answer(survey, scale: 0), $"q{q[2].Id}"));
        Assert.Single(await Errors(Answer(survey, idea: new string('x', 5001)), $"q{q[3].Id}"));
        Assert.Single(await Errors(Answer(survey, idea: "<script>alert(1)</script>"), $"q{q[3].Id}"));
        Assert.Contains("Question inconnue : 999999999.", await Errors(new(Answer(survey)) { [999999999] = new(null, 1, null) }, "answers"));
        Assert.Equal((0, 0, 0), await CountsAsync(survey.Id));
        Assert.Equal(RespondOutcome.Recorded, (await RespondAsync(survey.Id, person, Answer(survey, services: [0, 2], scale: 4, idea: "Un marché le samedi"))).Outcome);
        // One row per choice of the multiple choice: 1 + 2 + 1 + 1.
        Assert.Equal(5, await factory.WithDbAsync(db => db.SurveyAnswers.CountAsync(a => a.SurveyId == survey.Id)));
    }

    [Fact]
    public async Task A_survey_that_is_not_open_takes_no_answer_and_residents_only_surveys_ask_for_the_residence()
    {
        var survey = await OpenSurveyAsync(level: IdentityLevel.Resident);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var refused = await RespondAsync(survey.Id, person, Answer(survey));
        Assert.Equal((RespondOutcome.Ineligible, Missing.Residence), (refused.Outcome, refused.Missing));
        var resident = (await PetitionData.PeopleAsync(factory, 1, "38185", "38000"))[0];
        Assert.Equal(RespondOutcome.Recorded, (await RespondAsync(survey.Id, resident, Answer(survey))).Outcome);
        using (var scope = factory.Services.CreateScope()) Assert.True(await scope.ServiceProvider.GetRequiredService<SurveyService>().CloseNowAsync(survey.Id));
        var late = (await PetitionData.PeopleAsync(factory, 1, "38185", "38000"))[0];
        Assert.Equal(RespondOutcome.NotOpen, (await RespondAsync(survey.Id, late, Answer(survey))).Outcome);
        Assert.Equal(RespondOutcome.NotFound, (await RespondAsync(999999999, late, Answer(survey))).Outcome);
        Assert.Equal((1, 1, 1), await CountsAsync(survey.Id));
    }

    [Fact]
    public async Task Results_count_each_choice_and_value_and_are_public_at_the_close_free_texts_for_the_catalysts_only()
    {
        var survey = await OpenSurveyAsync();
        var people = await PetitionData.PeopleAsync(factory, 4);
        await RespondAsync(survey.Id, people[0], Answer(survey, 0, [0, 1], 5, "=HYPERLINK(\"http://exemple.invalid\")"));
        await RespondAsync(survey.Id, people[1], Answer(survey, 0, [1], 3));
        await RespondAsync(survey.Id, people[2], Answer(survey, 2, null, 4, "Des bancs à l'ombre"));
        await RespondAsync(survey.Id, people[3], Answer(survey, 3));
        var anonymous = factory.Client();
        var page = $"/t/{Slug}/surveys/{survey.Id}";
        using (var early = await anonymous.GetAsync($"/api/v1/territories/{Slug}/surveys/{survey.Id}/results")) Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("Les résultats seront publiés à la clôture.", (await anonymous.GetDocumentAsync(page)).Body!.TextContent);

        using var catalyst = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        Assert.NotNull((await catalyst.GetDocumentAsync(page)).QuerySelector("table.results"));
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Close")) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var results = await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/surveys/{survey.Id}/results");
        Assert.Equal(4, results.GetProperty("responses").GetInt32());
        var questions = results.GetProperty("questions").EnumerateArray().ToList();
        int[] Counts(int i) => questions[i].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("count").GetInt32()).ToArray();
        Assert.Equal([2, 0, 1, 1], Counts(0));
        Assert.Equal([1, 2, 0], Counts(1));
        Assert.Equal(2, questions[1].GetProperty("answered").GetInt32());
        Assert.Equal(100.0, questions[1].GetProperty("lines")[1].GetProperty("share").GetDouble());
        Assert.Equal([0, 0, 1, 1, 1], Counts(2));
        Assert.Equal(4.0, questions[2].GetProperty("average").GetDouble());
        Assert.Equal((2, 0), (questions[3].GetProperty("answered").GetInt32(), questions[3].GetProperty("lines").GetArrayLength()));

        // The page shows the same figures in tables; free texts are only counted.
        var doc = await anonymous.GetDocumentAsync(page);
        var firstTable = doc.QuerySelectorAll("table.results")[0];
        Assert.Equal(["2", "0", "1", "1"], firstTable.QuerySelectorAll("tbody tr td:first-of-type").Select(td => td.TextContent));
        Assert.DoesNotContain("Des bancs à l'ombre", doc.Body!.TextContent);
        var answersUrl = $"{page}/questions/{survey.Questions[3].Id}/answers";
        using (var hidden = await anonymous.GetAsync(answersUrl)) Assert.NotEqual(HttpStatusCode.OK, hidden.StatusCode);
        Assert.Contains("Des bancs à l'ombre", (await catalyst.GetDocumentAsync(answersUrl)).Body!.TextContent);

        // The export: one line per response, formulas neutralised.
        using var csv = await catalyst.GetAsync($"{page}?handler=Export");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("reponse,jour,Comment venez-vous au centre-ville ?,", lines[0]);
        Assert.Contains("À pied,Épicerie ; Médecin,5,", lines[1]);
        Assert.DoesNotContain(",=HYPERLINK", lines[1]);
        Assert.Contains("'=HYPERLINK", lines[1]);
    }

    [Fact]
    public async Task The_catalyst_writes_a_draft_on_its_page_moves_and_removes_questions_then_opens_it_and_a_resident_answers_once()
    {
        using var catalyst = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        using var created = await catalyst.PostFormAsync($"/t/{Slug}/surveys/new", ("Title", "Horaires de la médiathèque"), ("RespondentLevel", "EmailConfirmed"),
            ("OpensAt", DateTime.Now.AddDays(-1).ToString("yyyy-MM-ddTHH:mm")), ("ClosesAt", DateTime.Now.AddDays(10).ToString("yyyy-MM-ddTHH:mm")), ("LiveResults", "false"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var id = int.Parse(page.Split('/')[^1]);
        // A draft is the catalysts' only.
        using (var hidden = await factory.Client().GetAsync(page)) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        using (var r = await catalyst.PostFormAsync($"{page}?handler=Publish")) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Question", ("QuestionText", "Quel jour ?"), ("Kind", "SingleChoice"), ("Choices", "Samedi")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("De 2 à 50 choix, un par ligne.", TestClient.Parse(await r.Content.ReadAsStringAsync()).Body!.TextContent);
        }
        foreach (var (text, kind, choices) in new[] { ("Quel jour vous convient ?", "SingleChoice", "Samedi\nDimanche"), ("Votre avis ?", "ShortText", ""), ("Quelle heure ?", "Scale", "") })
            using (var r = await catalyst.PostFormAsync($"{page}?handler=Question", ("QuestionText", text), ("Kind", kind), ("Choices", choices), ("ScaleMax", "4"), ("Required", "true")))
                Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var ids = await factory.WithDbAsync(db => db.SurveyQuestions.Where(q => q.SurveyId == id).OrderBy(q => q.Position).Select(q => q.Id).ToListAsync());
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Change", ("QuestionId", ids[2].ToString()), ("Move", "-1"))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Change", ("QuestionId", ids[1].ToString()), ("Move", "0"))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal([(ids[0], 1), (ids[2], 2)], await factory.WithDbAsync(db => db.SurveyQuestions.Where(q => q.SurveyId == id).OrderBy(q => q.Position)
            .Select(q => new ValueTuple<int, int>(q.Id, q.Position)).ToListAsync()));
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Publish")) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        // Open: its questions no longer change.
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Question", ("QuestionText", "Une de plus ?"), ("Kind", "ShortText")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("Le questionnaire est ouvert : ses questions ne changent plus.", TestClient.Parse(await r.Content.ReadAsStringAsync()).Body!.TextContent);
        }
        Assert.Equal(2, await factory.WithDbAsync(db => db.SurveyQuestions.CountAsync(q => q.SurveyId == id)));

        var email = Unique.Email("sondage");
        await People.CreateConfirmedAsync(factory, email);
        using var resident = await factory.SignedInAsync(email, People.Password);
        var form = (await resident.GetDocumentAsync(page)).QuerySelector($"form[action='{page}']");
        Assert.NotNull(form);
        var sunday = await factory.WithDbAsync(db => db.SurveyChoices.Where(c => c.QuestionId == ids[0] && c.Label == "Dimanche").Select(c => c.Id).SingleAsync());
        using (var r = await resident.PostFormAsync(page, ($"q{ids[0]}", sunday.ToString())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var doc = TestClient.Parse(await r.Content.ReadAsStringAsync());
            Assert.Contains("Répondez à cette question : « Quelle heure ? ».", doc.Body!.TextContent);
            // What was chosen stays chosen.
            Assert.NotNull(doc.QuerySelector($"input[name='q{ids[0]}'][value='{sunday}'][checked]"));
        }
        using (var r = await resident.PostFormAsync(page, ($"q{ids[0]}", sunday.ToString()), ($"q{ids[2]}", "3"))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await resident.PostFormAsync(page, ($"q{ids[0]}", sunday.ToString()), ($"q{ids[2]}", "4"))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var after = await resident.GetDocumentAsync(page);
        Assert.Contains("Vous avez répondu à ce questionnaire. Merci !", after.Body!.TextContent);
        Assert.Null(after.QuerySelector($"form[action='{page}']"));
        Assert.Equal((1, 1, 1), await CountsAsync(id));
        Assert.Equal(3, await factory.WithDbAsync(db => db.SurveyAnswers.Where(a => a.SurveyId == id).Select(a => a.Number).SingleAsync(n => n != null)));
    }

    [Fact]
    public async Task Through_the_api_the_catalyst_creates_a_survey_and_a_person_answers_once()
    {
        var catalyst = factory.Client();
        catalyst.UseToken(await Tokens.OfDemoAccountAsync(factory, "catalyseur.grenoble@catalyse.demo"));
        var body = new
        {
            title = "Mobilité des jeunes", respondentLevel = "email-confirmed", liveResults = true,
            opensAt = DateTimeOffset.UtcNow.AddMinutes(-1), closesAt = DateTimeOffset.UtcNow.AddDays(3),
            questions = new object[]
            {
                new { text = "Avez-vous le permis ?", kind = "single-choice", required = true, choices = new[] { "Oui", "Non", "En cours" } },
                new { text = "Votre satisfaction des transports", kind = "scale", scaleMax = 10 },
            },
        };
        using (var bad = await catalyst.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/surveys", new { title = "Mobilité", questions = new[] { new { text = "Q ?", kind = "dessin" } } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("questions[0].kind", out _));
        }
        using var created = await catalyst.Http.PostAsJsonAsync($"/api/v1/territories/{Slug}/surveys", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var survey = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = survey.GetProperty("id").GetInt32();
        var questions = survey.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(("single-choice", 3, "open"), (questions[0].GetProperty("kind").GetString(), questions[0].GetProperty("choices").GetArrayLength(), survey.GetProperty("phase").GetString()));

        using var resident = await factory.SignedInAsync(await PersonEmailAsync(), People.Password);
        var person = factory.Client();
        person.UseToken(await Tokens.CreateOnProfileAsync(resident, "sondage"));
        var url = $"/api/v1/territories/{Slug}/surveys/{id}/responses";
        var answer = new { answers = new object[] { new { questionId = questions[0].GetProperty("id").GetInt32(), choices = new[] { questions[0].GetProperty("choices")[1].GetProperty("id").GetInt32() } }, new { questionId = questions[1].GetProperty("id").GetInt32(), value = 11 } } };
        using (var r = await person.Http.PostAsJsonAsync(url, answer))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.True((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty($"q{questions[1].GetProperty("id").GetInt32()}", out _));
        }
        var good = new { answers = new object[] { new { questionId = questions[0].GetProperty("id").GetInt32(), choices = new[] { questions[0].GetProperty("choices")[1].GetProperty("id").GetInt32() } } } };
        using (var r = await person.Http.PostAsJsonAsync(url, good)) Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using (var r = await person.Http.PostAsJsonAsync(url, good)) Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        using (var r = await person.Http.PostAsync(url, new StringContent("{\"answers\": 3}", System.Text.Encoding.UTF8, "application/json"))) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        // Live results: public while the survey runs.
        var results = await factory.Client().Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/surveys/{id}/results");
        Assert.Equal([0, 1, 0], results.GetProperty("questions")[0].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("count").GetInt32()));
        var list = await factory.Client().Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/surveys?status=open&pageSize=100");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt32() == id);
    }

    private async Task<string> PersonEmailAsync()
    {
        var email = Unique.Email("sondage");
        await People.CreateConfirmedAsync(factory, email);
        return email;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SurveySqliteTests(CatalyseFactory factory) : SurveyTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class SurveyPostgresTests(PostgresFactory factory) : SurveyTests(factory);
