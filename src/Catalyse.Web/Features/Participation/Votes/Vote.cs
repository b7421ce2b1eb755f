using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Participation.Votes;

/// <summary>How ballots are filled and counted (see <see cref="Tally"/> and the results page, which explains each).</summary>
public enum VoteMethod
{
    /// <summary>One option; the most votes wins.</summary>
    Single = 1,
    /// <summary>Any number of options up to a maximum; the most approvals wins.</summary>
    Approval = 2,
    /// <summary>Options ranked in order of preference; counted by the Schulze method (Condorcet).</summary>
    Ranked = 3,
    /// <summary>A score from 0 to a maximum for each option; the highest average wins.</summary>
    Score = 4,
    /// <summary>Participatory budget: projects chosen within the total; winners by votes while the money lasts.</summary>
    Budget = 5,
}

public sealed class Vote : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public VoteMethod Method { get; set; }
    /// <summary>Secret ballot: who voted (the roll) is kept apart from what was voted (ballots with a random receipt).</summary>
    public bool Secret { get; set; } = true;
    public IdentityLevel VoterLevel { get; set; } = IdentityLevel.Resident;
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    /// <summary>Approval: at most this many options (0: no limit).</summary>
    public int MaxChoices { get; set; }
    /// <summary>Score: the highest score of an option.</summary>
    public int ScoreMax { get; set; } = 5;
    /// <summary>Budget: the money to share, and the least a ballot must spend (0: no minimum).</summary>
    public long BudgetTotal { get; set; }
    public long BudgetMinimum { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Ballots cast, kept in the same transaction as each ballot.</summary>
    public int BallotCount { get; set; }
    public string LogHead { get; set; } = Integrity.LogChain.Genesis;
    public byte[] LogKey { get; set; } = [];
    /// <summary>The official result, computed once from the ballots after the vote closed (JSON of <see cref="TallyResult"/>).</summary>
    public string? ResultJson { get; set; }
    public List<VoteOption> Options { get; set; } = [];

    public string LogSubject => $"vote:{Id}";

    public VotePhase PhaseAt(DateTimeOffset now) => now < OpensAt ? VotePhase.Upcoming : now < ClosesAt ? VotePhase.Open : VotePhase.Closed;
}

public enum VotePhase { Upcoming = 1, Open = 2, Closed = 3 }

public sealed class VoteOption
{
    public int Id { get; set; }
    public int VoteId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Budget: what the project costs, in euros.</summary>
    public long Cost { get; set; }
}

/// <summary>Who voted: one line per person and vote (unique index), never what they chose when the vote is secret.</summary>
public sealed class VoterRollEntry
{
    /// <summary>Random: the roll's order says nothing of the ballots' order.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();
    public int VoteId { get; set; }
    public required string UserId { get; set; }
    /// <summary>For a secret vote, the day only (the exact time would point at the ballot cast at that time).</summary>
    public DateTimeOffset VotedAt { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>The ballot's receipt, for an open vote only (a secret vote keeps no link from the person to the ballot).</summary>
    public string? Receipt { get; set; }
}

/// <summary>What was voted: immutable (the database refuses UPDATE and DELETE), numbered as in the public log.</summary>
public sealed class Ballot
{
    public long Id { get; set; }
    public int VoteId { get; set; }
    public int Seq { get; set; }
    /// <summary>Random for a secret vote (given to the voter only, to find their ballot in the log); the pseudonym otherwise.</summary>
    public required string Receipt { get; set; }
    /// <summary>Canonical choice, as in the log: see <see cref="Choices"/>.</summary>
    public required string Choice { get; set; }
    public DateTimeOffset CastAt { get; set; }
}
