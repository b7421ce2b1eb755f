using System.Security.Cryptography;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Petitions;

public sealed record PetitionInput(int AuthorityId, string? Title, string? Body, string? Competence);

public sealed record AuthorityInput(string? Name, string? Competences, int? Quorum, int? DurationDays, IdentityLevel? SignerLevel, string? Representatives);

public sealed record ReviewInput(bool Eligible, string? Reason, PetitionNextStep? NextStep);

/// <summary>The public service of petitions: authorities and their rules, filing, the eligibility review, the answer.</summary>
public sealed class PetitionService(CatalyseDb db, TerritoryAccess access, Moderation.ModerationService moderation, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    /// <summary>Petitions one person may have under review at once (against floods of filings).</summary>
    public const int MaxUnderReviewPerAuthor = 3;

    public Task<List<PetitionAuthority>> AuthoritiesAsync(int territoryId, CancellationToken ct = default) =>
        db.PetitionAuthorities.AsNoTracking().Where(a => a.TerritoryId == territoryId).OrderBy(a => a.Name).ToListAsync(ct);

    /// <summary>Catalysts of the territory, network staff and the authority's representatives review and answer.</summary>
    public async Task<bool> CanReviewAsync(int authorityId, string? userId, CancellationToken ct = default) =>
        userId is not null && (await access.IsAtLeastAsync(TerritoryRole.Catalyst, ct)
            || await db.AuthorityRepresentatives.AnyAsync(r => r.AuthorityId == authorityId && r.UserId == userId, ct));

    public async Task<(PetitionAuthority? Authority, FieldErrors Errors)> SaveAuthorityAsync(int territoryId, int? id, AuthorityInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var name = input.Name?.Trim() ?? "";
        if (!errors.Broken(l, "name", name, 200, false) && name.Length == 0) errors.Add("name", l["Le nom est obligatoire (200 caractères au plus)."]);
        var competences = (input.Competences ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var c in competences) errors.Broken(l, "competences", c, 200, false);
        if (competences.Count == 0) errors.Add("competences", l["Déclarez au moins une compétence (une par ligne)."]);
        else if (competences.Count > 100 || competences.Any(c => c.Length > 200)) errors.Add("competences", l["100 compétences au plus, de 200 caractères au plus."]);
        if (input.Quorum is not (>= 1 and <= 10_000_000)) errors.Add("quorum", l["Le seuil de signatures va de 1 à 10 000 000."]);
        if (input.DurationDays is not (>= 1 and <= 730)) errors.Add("durationDays", l["La durée de collecte va de 1 à 730 jours."]);
        if (input.SignerLevel is not { } level || !Enum.IsDefined(level)) errors.Add("signerLevel", l["Niveau d'identité inconnu."]);
        var emails = (input.Representatives ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToUpperInvariant()).Distinct().ToList();
        var people = emails.Count == 0 ? [] : await db.Users.Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => new { u.Id, u.NormalizedEmail }).ToListAsync(ct);
        var unknown = emails.Except(people.Select(p => p.NormalizedEmail!)).ToList();
        if (unknown.Count > 0) errors.Add("representatives", l["Aucun compte pour : {0}.", string.Join(", ", unknown.Select(e => e.ToLowerInvariant()))]);
        if (errors.Count > 0) return (null, errors);

        var authority = id is null ? new PetitionAuthority { TerritoryId = territoryId, Name = name }
            : await db.PetitionAuthorities.Include(a => a.Representatives).FirstOrDefaultAsync(a => a.Id == id && a.TerritoryId == territoryId, ct);
        if (authority is null) return (null, errors);
        if (await db.PetitionAuthorities.AnyAsync(a => a.TerritoryId == territoryId && a.Name == name && a.Id != authority.Id, ct))
        {
            errors.Add("name", l["Une autorité porte déjà ce nom dans ce territoire."]);
            return (null, errors);
        }
        authority.Name = name;
        authority.Competences = competences;
        authority.Quorum = input.Quorum!.Value;
        authority.DurationDays = input.DurationDays!.Value;
        authority.SignerLevel = input.SignerLevel!.Value;
        authority.Representatives.RemoveAll(r => people.All(p => p.Id != r.UserId));
        foreach (var p in people.Where(p => authority.Representatives.All(r => r.UserId != p.Id)))
            authority.Representatives.Add(new AuthorityRepresentative { UserId = p.Id });
        if (id is null) db.PetitionAuthorities.Add(authority);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            errors.Add("name", l["Une autorité porte déjà ce nom dans ce territoire."]);
            return (null, errors);
        }
        return (authority, errors);
    }

    public async Task<(Petition? Petition, FieldErrors Errors)> FileAsync(int territoryId, string authorId, PetitionInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        var body = input.Body?.Trim() ?? "";
        if (!errors.Broken(l, "title", title, 200, false) && title.Length < 10) errors.Add("title", l["Le titre compte de 10 à 200 caractères."]);
        if (!errors.Broken(l, "body", body, 10000, true) && body.Length < 50) errors.Add("body", l["Le texte compte de 50 à 10 000 caractères."]);
        var authority = await db.PetitionAuthorities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == input.AuthorityId && a.TerritoryId == territoryId, ct);
        if (authority is null) errors.Add("authorityId", l["Choisissez l'autorité à laquelle la pétition s'adresse."]);
        var competence = input.Competence?.Trim() ?? "";
        if (authority is not null && !authority.Competences.Contains(competence) && competence != OtherCompetence)
            errors.Add("competence", l["Choisissez une compétence déclarée par cette autorité."]);
        if (errors.Count == 0 && await moderation.IsSuspendedAsync(authorId, territoryId, ct))
            errors.Add("title", l["Votre participation dans ce territoire est suspendue par son équipe d'animation."]);
        if (errors.Count > 0) return (null, errors);
        // The count and the insert under one lock on the author (SQLite: the transaction's write lock; PostgreSQL: the
        // author's row), so that simultaneous filings cannot all pass the limit.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"AspNetUsers\" WHERE \"Id\" = {authorId} FOR UPDATE", ct);
        if (await db.Petitions.CountAsync(p => p.AuthorId == authorId && p.Status == PetitionStatus.UnderReview, ct) >= MaxUnderReviewPerAuthor)
        {
            errors.Add("title", l["Vous avez déjà {0} pétitions en cours d'examen : attendez leur réponse.", MaxUnderReviewPerAuthor]);
            return (null, errors);
        }
        var petition = new Petition
        {
            TerritoryId = territoryId, AuthorityId = authority!.Id, AuthorId = authorId, Title = title, Body = body, Competence = competence,
            CreatedAt = clock.GetUtcNow(), Quorum = authority.Quorum, SignerLevel = authority.SignerLevel, LogKey = RandomNumberGenerator.GetBytes(32),
        };
        db.Petitions.Add(petition);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (petition, errors);
    }

    /// <summary>The author's choice when the subject fits none of the declared competences (the review will likely refuse it).</summary>
    public const string OtherCompetence = "—";

    /// <summary>Eligible: collection opens now for the authority's duration. Refused: with a reason. Only from "under review".</summary>
    public async Task<FieldErrors?> ReviewAsync(int petitionId, string reviewerId, ReviewInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var reason = input.Reason?.Trim() ?? "";
        if (!errors.Broken(l, "reason", reason, 2000, true) && !input.Eligible && reason.Length < 5) errors.Add("reason", l["Donnez la raison du refus (5 à 2 000 caractères)."]);
        if (input.NextStep is { } step && !Enum.IsDefined(step)) errors.Add("nextStep", l["Étape suivante inconnue."]);
        if (errors.Count > 0) return errors;
        var petition = await db.Petitions.Include(p => p.Authority).FirstOrDefaultAsync(p => p.Id == petitionId, ct);
        if (petition is null) return null;
        var now = clock.GetUtcNow();
        var updated = input.Eligible
            ? await db.Petitions.Where(p => p.Id == petitionId && p.Status == PetitionStatus.UnderReview).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, PetitionStatus.Collecting).SetProperty(p => p.ReviewedAt, now).SetProperty(p => p.ReviewerId, reviewerId)
                .SetProperty(p => p.Quorum, petition.Authority!.Quorum).SetProperty(p => p.SignerLevel, petition.Authority.SignerLevel)
                .SetProperty(p => p.NextStep, input.NextStep ?? PetitionNextStep.Answer)
                .SetProperty(p => p.OpensAt, now).SetProperty(p => p.ClosesAt, now.AddDays(petition.Authority.DurationDays)), ct)
            : await db.Petitions.Where(p => p.Id == petitionId && p.Status == PetitionStatus.UnderReview).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, PetitionStatus.Refused).SetProperty(p => p.ReviewedAt, now).SetProperty(p => p.ReviewerId, reviewerId)
                .SetProperty(p => p.RefusalReason, reason), ct);
        if (updated == 0) errors.Add("eligible", l["Cette pétition a déjà été examinée."]);
        return errors;
    }

    /// <summary>The authority's answer, once signatures are being collected (it ends the collection).</summary>
    public async Task<FieldErrors?> AnswerAsync(int petitionId, string? answer, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        answer = answer?.Trim() ?? "";
        if (!errors.Broken(l, "answer", answer, 10000, true) && answer.Length < 10) errors.Add("answer", l["La réponse compte de 10 à 10 000 caractères."]);
        if (!await db.Petitions.AnyAsync(p => p.Id == petitionId, ct)) return null;
        if (errors.Count > 0) return errors;
        var now = clock.GetUtcNow();
        var updated = await db.Petitions.Where(p => p.Id == petitionId && p.Status == PetitionStatus.Collecting).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, PetitionStatus.Answered).SetProperty(p => p.Answer, answer).SetProperty(p => p.AnsweredAt, now), ct);
        if (updated == 0) errors.Add("answer", l["Seule une pétition en collecte de signatures peut recevoir une réponse."]);
        return errors;
    }
}
