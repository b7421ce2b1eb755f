using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Votes;

public sealed record VoteInput(string? Title, string? Description, VoteMethod? Method, bool Secret, IdentityLevel? VoterLevel,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string? Options, int? MaxChoices, int? ScoreMax, long? BudgetTotal, long? BudgetMinimum);

/// <summary>What a person chose: option ids (single, approval, budget), a ranking (ranked), or a score per option.</summary>
public sealed record BallotInput(IReadOnlyList<int>? Options, IReadOnlyList<int>? Ranking, IReadOnlyDictionary<int, int>? Scores);

public enum CastOutcome { Cast, Replayed, AlreadyVoted, NotOpen, NotFound, Ineligible, Invalid }

public sealed record CastResult(CastOutcome Outcome, int Seq = 0, string? Receipt = null, Missing Missing = Missing.None, FieldErrors? Errors = null);

/// <summary>
/// The public service of votes: creating one, casting a ballot — one per person, provably — and the official result.
/// A ballot's transaction: the counter goes up by a conditional UPDATE (vote open) that locks the vote's row; the voter
/// roll line (unique per person), the immutable ballot and its public log line are inserted with the new log head. For a
/// secret vote the roll holds no link to the ballot: the ballot carries a random receipt, shown once to the voter.
/// </summary>
public sealed class VoteService(CatalyseDb db, EligibilityService eligibility, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const int MaxOptions = 100;
    public static readonly TimeSpan CountingDelay = TimeSpan.FromSeconds(30);

    public async Task<(Vote? Vote, FieldErrors Errors)> CreateAsync(int territoryId, string userId, VoteInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        if (!errors.Broken(l, "title", title, 200, false) && title.Length < 5) errors.Add("title", l["Le titre compte de 5 à 200 caractères."]);
        errors.Broken(l, "description", input.Description, 10000, true);
        if (input.Method is not { } method || !Enum.IsDefined(method)) { errors.Add("method", l["Mode de scrutin inconnu."]); method = VoteMethod.Single; }
        if (input.VoterLevel is not { } level || !Enum.IsDefined(level)) { errors.Add("voterLevel", l["Niveau d'identité inconnu."]); level = IdentityLevel.Resident; }
        // Stored in UTC (PostgreSQL's timestamptz takes no other offset).
        if (input.OpensAt?.ToUniversalTime() is not { } opens) { errors.Add("opensAt", l["Indiquez la date d'ouverture."]); opens = default; }
        else if (!ParisTime.Plausible(opens)) errors.Add("opensAt", l["Une date des années 2000 à 2100."]);
        if (input.ClosesAt?.ToUniversalTime() is not { } closes || closes <= opens) { errors.Add("closesAt", l["La clôture suit l'ouverture."]); closes = default; }
        else if (!ParisTime.Plausible(closes)) errors.Add("closesAt", l["Une date des années 2000 à 2100."]);
        var options = new List<VoteOption>();
        foreach (var (line, i) in (input.Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((x, i) => (x, i)))
        {
            var parts = line.Split('|', 2, StringSplitOptions.TrimEntries);
            long cost = 0;
            if (parts[0].Length is 0 or > 200) errors.Add("options", l["Ligne {0} : un intitulé de 200 caractères au plus.", i + 1]);
            else errors.Broken(l, "options", parts[0], 200, false);
            if (method == VoteMethod.Budget && (parts.Length < 2 || !long.TryParse(parts[1].Replace(" ", "").Replace("€", ""), NumberStyles.None, CultureInfo.InvariantCulture, out cost) || cost <= 0))
                errors.Add("options", l["Ligne {0} : « intitulé | coût en euros » attendu.", i + 1]);
            options.Add(new VoteOption { Position = i + 1, Title = parts[0], Cost = cost });
        }
        if (options.Count is < 2 or > MaxOptions) errors.Add("options", l["De 2 à {0} options, une par ligne.", MaxOptions]);
        if (options.Select(o => o.Title).Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count) errors.Add("options", l["Deux options portent le même intitulé."]);
        if (method == VoteMethod.Approval && input.MaxChoices is < 0 or > MaxOptions) errors.Add("maxChoices", l["Nombre de choix entre 0 (sans limite) et {0}.", MaxOptions]);
        if (method == VoteMethod.Score && input.ScoreMax is not (>= 1 and <= 10)) errors.Add("scoreMax", l["Note maximale entre 1 et 10."]);
        if (method == VoteMethod.Budget)
        {
            if (input.BudgetTotal is not (> 0 and <= 1_000_000_000_000)) errors.Add("budgetTotal", l["Indiquez le budget à répartir, en euros."]);
            else if (input.BudgetMinimum is < 0 || input.BudgetMinimum > input.BudgetTotal) errors.Add("budgetMinimum", l["Le minimum à dépenser va de 0 au budget total."]);
            else if (options.Any(o => o.Cost > input.BudgetTotal)) errors.Add("options", l["Un projet coûte plus que le budget total."]);
        }
        if (errors.Count > 0) return (null, errors);
        var vote = new Vote
        {
            TerritoryId = territoryId, Title = title, Description = input.Description?.Trim() ?? "", Method = method, Secret = input.Secret,
            VoterLevel = level, OpensAt = opens, ClosesAt = closes, MaxChoices = method == VoteMethod.Approval ? input.MaxChoices ?? 0 : 0,
            ScoreMax = method == VoteMethod.Score ? input.ScoreMax!.Value : 0, BudgetTotal = method == VoteMethod.Budget ? input.BudgetTotal!.Value : 0,
            BudgetMinimum = method == VoteMethod.Budget ? input.BudgetMinimum ?? 0 : 0, CreatedBy = userId, CreatedAt = clock.GetUtcNow(),
            LogKey = RandomNumberGenerator.GetBytes(32), Options = options,
        };
        db.Votes.Add(vote);
        await db.SaveChangesAsync(ct);
        return (vote, errors);
    }

    /// <summary>The ballot's canonical choice, or the errors that make it invalid under the vote's rules.</summary>
    public string? Validate(Vote vote, BallotInput ballot, FieldErrors errors)
    {
        var ids = vote.Options.Select(o => o.Id).ToHashSet();
        var chosen = (ballot.Options ?? []).Distinct().ToList();
        switch (vote.Method)
        {
            case VoteMethod.Single:
                if (chosen.Count != 1 || !ids.Contains(chosen[0])) { errors.Add("options", l["Choisissez une option."]); return null; }
                return Choices.Set(chosen);
            case VoteMethod.Approval:
                if (chosen.Count == 0 || !chosen.All(ids.Contains)) { errors.Add("options", l["Choisissez au moins une option."]); return null; }
                if (vote.MaxChoices > 0 && chosen.Count > vote.MaxChoices) { errors.Add("options", l["{0} choix au plus.", vote.MaxChoices]); return null; }
                return Choices.Set(chosen);
            case VoteMethod.Ranked:
                var ranking = ballot.Ranking ?? [];
                if (ranking.Count == 0 || ranking.Distinct().Count() != ranking.Count || !ranking.All(ids.Contains))
                { errors.Add("ranking", l["Classez au moins une option, chacune à un rang différent."]); return null; }
                return Choices.Ranking(ranking);
            case VoteMethod.Score:
                var scores = ballot.Scores ?? new Dictionary<int, int>();
                if (!ids.SetEquals(scores.Keys) || scores.Values.Any(s => s < 0 || s > vote.ScoreMax))
                { errors.Add("scores", l["Notez chaque option de 0 à {0}.", vote.ScoreMax]); return null; }
                return Choices.Scores(scores);
            default:
                if (chosen.Count == 0 || !chosen.All(ids.Contains)) { errors.Add("options", l["Choisissez au moins un projet."]); return null; }
                var spent = vote.Options.Where(o => chosen.Contains(o.Id)).Sum(o => o.Cost);
                if (spent > vote.BudgetTotal) { errors.Add("options", l["Votre sélection coûte {0} € pour un budget de {1} €.", spent.ToString("N0"), vote.BudgetTotal.ToString("N0")]); return null; }
                if (spent < vote.BudgetMinimum) { errors.Add("options", l["Dépensez au moins {0} € (votre sélection : {1} €).", vote.BudgetMinimum.ToString("N0"), spent.ToString("N0")]); return null; }
                return Choices.Set(chosen);
        }
    }

    private sealed class Locked
    {
        public int BallotCount { get; init; }
        public string LogHead { get; init; } = "";
    }

    public async Task<CastResult> CastAsync(int voteId, string userId, BallotInput ballot, string? idempotencyKey, CancellationToken ct = default)
    {
        var vote = await db.Votes.AsNoTracking().Include(v => v.Options).FirstOrDefaultAsync(v => v.Id == voteId, ct);
        if (vote is null) return new CastResult(CastOutcome.NotFound);
        if (await ExistingAsync(vote, userId, idempotencyKey, ct) is { } existing) return existing;
        var now = LogChain.Truncate(clock.GetUtcNow());
        if (vote.PhaseAt(now) != VotePhase.Open) return new CastResult(CastOutcome.NotOpen);
        var missing = await eligibility.MissingAsync(userId, vote.TerritoryId, vote.VoterLevel, ct);
        if (missing != Missing.None) return new CastResult(CastOutcome.Ineligible, Missing: missing);
        var errors = new FieldErrors();
        if (Validate(vote, ballot, errors) is not { } choice) return new CastResult(CastOutcome.Invalid, Errors: errors);

        // A secret ballot's time is the hour only, and the roll keeps the day: neither points at the other.
        var castAt = vote.Secret ? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero) : now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A failure undoes the whole transaction: no savepoint needed (one round trip less while the row is locked).
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            // The roll first: a second ballot of the same person fails here, on the unique index, before waiting for the
            // vote's row. The receipt of an open vote is the person's pseudonym, known before the lock.
            var receipt = vote.Secret ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)) : LogChain.Pseudonym(vote.LogKey, userId);
            db.VoterRoll.Add(new VoterRollEntry
            {
                VoteId = voteId, UserId = userId, VotedAt = vote.Secret ? new DateTimeOffset(now.Date, TimeSpan.Zero) : now,
                IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey, Receipt = vote.Secret ? null : receipt,
            });
            await db.SaveChangesAsync(ct);
            object nowValue = db.Database.IsSqlite() ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(now)! : now;
            var locked = (await db.Database.SqlQueryRaw<Locked>(
                """
                UPDATE votes SET "BallotCount" = "BallotCount" + 1 WHERE "Id" = {0} AND "OpensAt" <= {1} AND "ClosesAt" > {1}
                RETURNING "BallotCount", "LogHead"
                """, voteId, nowValue).ToListAsync(ct)).SingleOrDefault();
            if (locked is null)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new CastResult(CastOutcome.NotOpen);
            }
            var seq = locked.BallotCount;
            var line = LogChain.Next(vote.LogSubject, seq, castAt, receipt, choice, locked.LogHead);
            db.Ballots.Add(new Ballot { VoteId = voteId, Seq = seq, Receipt = receipt, Choice = choice, CastAt = castAt });
            db.PublicLog.Add(line);
            var head = new Vote { Id = voteId, Title = "", CreatedBy = "", LogHead = line.Hash };
            db.Votes.Attach(head);
            db.Entry(head).Property(v => v.LogHead).IsModified = true;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new CastResult(CastOutcome.Cast, seq, receipt);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await ExistingAsync(vote, userId, idempotencyKey, ct) ?? throw new InvalidOperationException("Ballot refused without an existing one.");
        }
    }

    private async Task<CastResult?> ExistingAsync(Vote vote, string userId, string? idempotencyKey, CancellationToken ct)
    {
        var roll = await db.VoterRoll.AsNoTracking().FirstOrDefaultAsync(r => r.VoteId == vote.Id && r.UserId == userId, ct);
        if (roll is null) return null;
        var replay = !string.IsNullOrEmpty(idempotencyKey) && roll.IdempotencyKey == idempotencyKey;
        // An open vote's receipt is on the roll; a secret one's was shown once and is kept nowhere with the person.
        return new CastResult(replay ? CastOutcome.Replayed : CastOutcome.AlreadyVoted, Receipt: roll.Receipt);
    }

    /// <summary>The official result once the vote is closed (computed from the ballots once, then stored); null before.</summary>
    public async Task<TallyResult?> ResultAsync(Vote vote, CancellationToken ct = default)
    {
        // A ballot whose transaction began just before the close may commit just after it: count a little later.
        if (clock.GetUtcNow() < vote.ClosesAt + CountingDelay) return null;
        if (vote.ResultJson is { } stored) return JsonSerializer.Deserialize<TallyResult>(stored);
        var choices = await db.Ballots.AsNoTracking().Where(b => b.VoteId == vote.Id).OrderBy(b => b.Seq).Select(b => b.Choice).ToListAsync(ct);
        var result = Tally.Count(vote.Method, Options(vote), choices, vote.BudgetTotal);
        var json = JsonSerializer.Serialize(result);
        await db.Votes.Where(v => v.Id == vote.Id && v.ResultJson == null).ExecuteUpdateAsync(s => s.SetProperty(v => v.ResultJson, json), ct);
        return result;
    }

    public static List<TallyOption> Options(Vote vote) =>
        vote.Options.OrderBy(o => o.Position).Select(o => new TallyOption(o.Id, o.Title, o.Cost)).ToList();
}
