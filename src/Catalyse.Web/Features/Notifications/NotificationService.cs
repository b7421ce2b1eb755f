using System.Text;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Notifications;

/// <summary>
/// The public service of notifications: other features tell people about news (<see cref="NotifyAsync"/>); each person
/// reads them in the app and gets one email digest of what they have not read yet (<see cref="SendDigestsAsync"/>),
/// only when they have news. Several app instances may send digests: each notification is claimed by a conditional UPDATE.
/// </summary>
public sealed class NotificationService(CatalyseDb db, Mailer mailer, IStringLocalizer<SharedResource> l, IConfiguration config, TimeProvider clock,
    ILogger<NotificationService> log)
{
    /// <summary>Notifies these people (the author of the news excepted), once each.</summary>
    public async Task NotifyAsync(IEnumerable<string> userIds, NotificationKind kind, string subject, string url, string? except = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        subject = subject.Length > 300 ? subject[..299] + "…" : subject;
        foreach (var id in userIds.Where(id => id != except).Distinct())
            db.Add(new Notification { UserId = id, Kind = kind, Subject = subject, Url = url, CreatedAt = now });
        await db.SaveChangesAsync(ct);
    }

    public async Task<Page<Notification>> ListAsync(string userId, int? page, CancellationToken ct = default)
    {
        var (p, size) = Page<Notification>.Clamp(page, 30, 30);
        var query = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(n => n.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Page<Notification>(items, p, size, total);
    }

    public async Task<int> MarkAllReadAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.Set<Notification>().Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>
    /// One email per person with unread notifications not emailed yet (read <paramref name="people"/> people at a time),
    /// in the person's language. Returns the number of digests sent.
    /// </summary>
    public async Task<int> SendDigestsAsync(string baseUrl, int people = 200, CancellationToken ct = default)
    {
        var sent = 0;
        // Everyone with news, <paramref name="people"/> at a time: claimed people leave the pending list.
        while (await db.Set<Notification>().AsNoTracking().Where(n => n.EmailedAt == null && n.ReadAt == null)
            .Select(n => n.UserId).Distinct().Take(people).ToListAsync(ct) is { Count: > 0 } pending)
        foreach (var userId in pending)
        {
            var now = clock.GetUtcNow();
            // Claim this person's news: another instance doing the same at the same time claims none of them.
            var claimed = await db.Set<Notification>().Where(n => n.UserId == userId && n.EmailedAt == null && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailedAt, now), ct);
            if (claimed == 0) continue;
            var news = await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId && n.EmailedAt == now)
                .OrderBy(n => n.Id).Take(50).ToListAsync(ct);
            var person = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.Culture }).FirstOrDefaultAsync(ct);
            if (person?.Email is null || news.Count == 0) continue;
            // The digest in the person's language (resource lookups follow the current UI culture).
            var culture = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(person.Culture == "en" ? "en" : "fr");
            string subject, text;
            try
            {
                var body = new StringBuilder(l["Bonjour,"] + "\n\n" + l["Voici les nouvelles des contributions que vous suivez :"] + "\n\n");
                foreach (var n in news) body.Append("- ").Append(l[NotificationLabels.Text(n.Kind), n.Subject]).Append('\n').Append("  ").Append(baseUrl).Append(n.Url).Append("\n\n");
                if (claimed > news.Count) body.Append(l["… et {0} autres, sur {1}/notifications", claimed - news.Count, baseUrl]).Append("\n\n");
                body.Append(l["Vous recevez ce résumé parce que vous suivez ces contributions sur Catalyse."]);
                (subject, text) = (l["Catalyse : {0} nouvelles", claimed], body.ToString());
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentUICulture = culture;
            }
            try
            {
                await mailer.SendAsync(person.Email, subject, text, ct);
                sent++;
            }
            catch (MailDeliveryException e)
            {
                log.LogWarning(e, "Notification digest not delivered to {User}", userId);
            }
        }
        return sent;
    }
}
