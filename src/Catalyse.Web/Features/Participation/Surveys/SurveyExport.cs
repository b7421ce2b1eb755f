using System.Globalization;
using System.Text;
using Catalyse.Web.Infrastructure.Data;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Surveys;

/// <summary>
/// The responses of a survey as CSV, streamed a thousand responses at a time: one line per response (its number and
/// day), one column per question (choices joined by " ; "). A cell that a spreadsheet would run as a formula is quoted
/// as text: the free answers come from anyone.
/// </summary>
public static class SurveyExport
{
    private const int Batch = 1000;

    public static async Task WriteAsync(HttpContext ctx, Survey survey, CancellationToken ct)
    {
        var db = ctx.RequestServices.GetRequiredService<CatalyseDb>();
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"questionnaire-{survey.Id}-reponses.csv\"";
        var labels = survey.Questions.SelectMany(q => q.Choices).ToDictionary(c => c.Id, c => c.Label);
        await using var text = new StreamWriter(ctx.Response.Body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };
        await using var csv = new CsvWriter(text, config, leaveOpen: true);
        csv.WriteField("reponse");
        csv.WriteField("jour");
        foreach (var q in survey.Questions) csv.WriteField(q.Text);
        await csv.NextRecordAsync();
        long after = 0;
        while (true)
        {
            var responses = await db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == survey.Id && r.Id > after).OrderBy(r => r.Id).Take(Batch)
                .Include(r => r.Answers).ToListAsync(ct);
            foreach (var r in responses)
            {
                csv.WriteField(r.Id);
                csv.WriteField(r.SubmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                foreach (var q in survey.Questions)
                {
                    var mine = r.Answers.Where(a => a.QuestionId == q.Id).OrderBy(a => a.Id).ToList();
                    csv.WriteField(q.HasChoices ? string.Join(" ; ", mine.Select(a => labels.GetValueOrDefault(a.ChoiceId ?? 0, ""))).Trim()
                        : q.Kind == QuestionKind.Scale ? mine.FirstOrDefault()?.Number?.ToString(CultureInfo.InvariantCulture) ?? ""
                        : mine.FirstOrDefault()?.Text ?? "");
                }
                await csv.NextRecordAsync();
            }
            await text.FlushAsync(ct);
            if (responses.Count < Batch) break;
            after = responses[^1].Id;
        }
    }
}
