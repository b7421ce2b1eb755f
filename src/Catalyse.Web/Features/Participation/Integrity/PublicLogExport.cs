using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Integrity;

/// <summary>Streams a subject's public log as CSV, up to the count read with its head (a consistent prefix whatever is added meanwhile).</summary>
public static class PublicLogExport
{
    public static async Task<IResult> WriteAsync(CatalyseDb db, HttpContext ctx, string subject, int count, string head, string fileName, CancellationToken ct)
    {
        ctx.Response.Headers["X-Log-Count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-Log-Head"] = head;
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(ctx.Response.Body, new System.Text.UTF8Encoding(false));
        await writer.WriteAsync(LogChain.CsvHeader + "\n");
        await foreach (var line in LinesAsync(db, subject, count, ct))
            await writer.WriteAsync(LogChain.CsvLine(line) + "\n");
        return TypedResults.Empty;
    }

    /// <summary>The log, line after line in order, read in batches (flat memory whatever its length).</summary>
    public static async IAsyncEnumerable<PublicLogEntry> LinesAsync(CatalyseDb db, string subject, int upTo,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var after = 0;
        while (true)
        {
            var batch = await db.PublicLog.AsNoTracking().Where(e => e.Subject == subject && e.Seq > after && e.Seq <= upTo)
                .OrderBy(e => e.Seq).Take(5000).ToListAsync(ct);
            foreach (var e in batch) yield return e;
            if (batch.Count < 5000) yield break;
            after = batch[^1].Seq;
        }
    }
}
