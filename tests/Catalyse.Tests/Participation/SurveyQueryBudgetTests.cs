using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>
/// A fixed number of SQL commands for the survey pages and API, whatever the number of surveys, questions, choices and
/// responses (no N+1). Each case gets a territory of its own and is measured twice: 3 surveys of 3 questions with 3
/// responses, then 30 surveys of 30 questions with 30 responses. Budgets are what the code needs today.
/// </summary>
public abstract class SurveyQueryBudgetTests(CatalyseFactory factory)
{
    public enum Viewer { Anonymous, Resident, Catalyst }

    public static TheoryData<string, Viewer, bool, int> Budgets => new()
    {
        { "/t/{slug}/surveys", Viewer.Anonymous, false, 3 },                               // slug, count, one page
        { "/t/{slug}/surveys?status=closed", Viewer.Anonymous, true, 3 },
        { "/t/{slug}/surveys", Viewer.Catalyst, false, 5 },                                // + account, role
        { "/t/{slug}/surveys/{id}", Viewer.Anonymous, false, 2 },                          // slug, survey with questions and choices
        { "/t/{slug}/surveys/{id}", Viewer.Anonymous, true, 4 },                           // + the two grouped result queries
        // slug, survey, role, responded?, account, perimeter has the commune, commune has the postal code
        { "/t/{slug}/surveys/{id}", Viewer.Resident, false, 7 },
        { "/t/{slug}/surveys/{id}", Viewer.Catalyst, false, 7 },                           // + role, responded, results (always)
        { "/t/{slug}/surveys/{id}?handler=Export", Viewer.Catalyst, true, 7 },             // + responses with answers, one batch
        { "/t/{slug}/surveys/{id}/questions/{text}/answers", Viewer.Catalyst, true, 6 },   // + count, one page
        { "/api/v1/territories/{slug}/surveys", Viewer.Anonymous, false, 4 },              // slug, count, page, their questions
        { "/api/v1/territories/{slug}/surveys/{id}", Viewer.Anonymous, false, 2 },
        { "/api/v1/territories/{slug}/surveys/{id}/results", Viewer.Anonymous, true, 4 },
    };

    private Task<int> CommandsAsync(TestClient client, string url) => factory.CommandsAsync(client, url);

    private async Task<TestClient> ClientAsync(Viewer viewer)
    {
        if (viewer == Viewer.Anonymous) return factory.Client();
        if (viewer == Viewer.Catalyst) return await factory.SignedInAsync("coordination@catalyse.demo");
        var email = Unique.Email("budget");
        var user = await People.CreateConfirmedAsync(factory, email);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.ResidenceCommuneCode, "23096").SetProperty(u => u.ResidencePostalCode, "23000")));
        return await factory.SignedInAsync(email, People.Password);
    }

    /// <summary><paramref name="n"/> surveys of <paramref name="n"/> questions (the last a long text); the last one measured, with n responses.</summary>
    private async Task<Survey> ArrangeAsync(string slug, int n, bool closed)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        var questions = Enumerable.Range(1, n).Select(i => i == n ? new QuestionInput($"Une idée numéro {i} ?", QuestionKind.LongText, false, null, null, null)
            : new QuestionInput($"Question numéro {i} ?", (QuestionKind)(1 + i % 3), false, string.Join('\n', Enumerable.Range(1, n).Select(c => $"Choix {c}")), null, 5)).ToList();
        Survey survey = null!;
        for (var s = 0; s < n; s++)
        {
            using var scope = factory.Services.CreateScope();
            var (created, errors) = await scope.ServiceProvider.GetRequiredService<SurveyService>().CreateAsync(territoryId, creator,
                new SurveyInput($"Questionnaire {s}", "", IdentityLevel.Resident, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(5), false), questions, publish: true);
            Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
            survey = created!;
        }
        var people = await PetitionData.PeopleAsync(factory, n, "23096", "23000");
        foreach (var (person, i) in people.Select((p, i) => (p, i)))
        {
            var answers = survey.Questions.ToDictionary(q => q.Id, q => q.HasChoices ? new AnswerInput([q.Choices[i % q.Choices.Count].Id], null, null)
                : q.Kind == QuestionKind.Scale ? new AnswerInput(null, 1 + i % 5, null) : new AnswerInput(null, null, $"Idée {i}"));
            using var scope = factory.Services.CreateScope();
            Assert.Equal(RespondOutcome.Recorded, (await scope.ServiceProvider.GetRequiredService<SurveyService>().RespondAsync(survey.Id, person, answers)).Outcome);
        }
        if (closed)
        {
            using var scope = factory.Services.CreateScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<SurveyService>().CloseNowAsync(survey.Id));
        }
        return survey;
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Survey_pages_stay_within_their_query_budget_and_do_not_grow_with_surveys_questions_or_responses(string template, Viewer viewer, bool closed, int budget)
    {
        using var client = await ClientAsync(viewer);
        int? before = null;
        foreach (var n in new[] { 3, 30 })
        {
            var slug = Unique.Slug("budget-surveys");
            await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(communes: ["23096"]));
            var survey = await ArrangeAsync(slug, n, closed);
            var url = template.Replace("{slug}", slug).Replace("{id}", survey.Id.ToString()).Replace("{text}", survey.Questions[^1].Id.ToString());
            var count = await CommandsAsync(client, url);
            Assert.True(count > 0, "The probe counted nothing: the counter is not wired.");
            if (before is null) Assert.True(count <= budget, $"{url} ({viewer}): {count} SQL commands, budget {budget}.");
            else Assert.True(count <= before, $"{template} ({viewer}): {before} SQL commands with 3 surveys, questions and responses, {count} with 30.");
            before ??= count;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SurveyQueryBudgetSqliteTests(CatalyseFactory factory) : SurveyQueryBudgetTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class SurveyQueryBudgetPostgresTests(PostgresFactory factory) : SurveyQueryBudgetTests(factory);
