using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Catalyse.Web.Features.Participation.Integrity;

/// <summary>
/// One line of a public, hash-chained participation log (a petition's signatures, a vote's ballots). Lines are only
/// ever appended: the database refuses to update or delete them (triggers of migration ParticipationPetitions).
/// </summary>
public sealed class PublicLogEntry
{
    public long Id { get; set; }
    /// <summary>What the line counts for: <c>petition:12</c>, <c>vote:3</c>.</summary>
    public required string Subject { get; set; }
    /// <summary>1, 2, 3… without gaps within a subject (unique with it).</summary>
    public int Seq { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The person, pseudonymous: a keyed hash of the account, different in every subject.</summary>
    public required string Pseudonym { get; set; }
    /// <summary>What was chosen, for open votes; empty for a signature.</summary>
    public string Choice { get; set; } = "";
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>
/// The chain's rules, shared by the app that writes the log and by anyone who checks it (the verify page and
/// command run exactly this code on the exported file alone).
/// <para>Line text: <c>seq|at|pseudonym|choice|previous_hash</c>, <c>at</c> in UTC as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>;
/// hash = lowercase hex SHA-256 of its UTF-8 bytes; the first line's previous hash is <see cref="Genesis"/>.</para>
/// </summary>
public static class LogChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    public const string CsvHeader = "seq,at,pseudonym,choice,previous_hash,hash";

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The instant as the log keeps it (milliseconds), so that the stored and the exported lines hash alike.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static string HashOf(int seq, DateTimeOffset at, string pseudonym, string choice, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('|', seq.ToString(CultureInfo.InvariantCulture), Timestamp(at), pseudonym, choice, previousHash))));

    /// <summary>A keyed pseudonym: the same person gets the same one within a subject, unlinkable across subjects.</summary>
    public static string Pseudonym(byte[] key, string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId)))[..20];

    /// <summary>The next line of a subject's chain, its hash computed.</summary>
    public static PublicLogEntry Next(string subject, int seq, DateTimeOffset at, string pseudonym, string choice, string previousHash) => new()
    {
        Subject = subject, Seq = seq, At = at, Pseudonym = pseudonym, Choice = choice, PreviousHash = previousHash,
        Hash = HashOf(seq, at, pseudonym, choice, previousHash),
    };

    public static string CsvLine(PublicLogEntry e) =>
        string.Join(',', e.Seq.ToString(CultureInfo.InvariantCulture), Timestamp(e.At), e.Pseudonym, Quote(e.Choice), e.PreviousHash, e.Hash);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
