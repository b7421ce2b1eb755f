using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Petitions;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

/// <summary>
/// Petition signatures under load, in one run on a fresh database:
/// <list type="number">
/// <item>the raw rate of the database: N single-row INSERT transactions into a table shaped like petition_signatures
/// (same columns and unique indexes, no foreign keys), from W parallel connections;</item>
/// <item>N distinct people signing through the app's real <see cref="PetitionSigning.SignAsync"/> — its group commit,
/// <see cref="SignatureBatcher"/>, included (one DI scope per attempt, W parallel workers), all on ONE petition, then again spread over 20 petitions; every 10th attempt repeats an
/// earlier person (half a double submit with the same idempotency key right after the first, half the same person
/// coming back later with a new key) and must be refused;</item>
/// <item>exactly-once checks: per petition, counter = signatures = distinct signers = public log lines, and the exported
/// log recounted by <see cref="LogVerifier.Check"/> gives the same count and head — any difference throws.</item>
/// </list>
/// </summary>
public static class SignaturesBench
{
    public const int DefaultCount = 20_000;
    public const int DefaultWorkers = 16;
    private const int SpreadPetitions = 20;

    /// <summary>The summary table: what, rate, p50 and p95 of one (row or signature).</summary>
    private static readonly List<(string What, double Rate, double P50, double P95)> Rows = [];

    private static void Report(string name, string value) => Console.WriteLine($"  {name}: {value}");

    public static async Task RunAsync(Db db, int count, int workers)
    {
        Rows.Clear();
        // Workers block on SQLite's busy waits (Microsoft.Data.Sqlite sleeps between retries): keep the pool ahead of them.
        ThreadPool.GetMinThreads(out var minWorker, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorker, workers * 2 + 8), minIo);

        Console.WriteLine($"signatures {db}: {count:N0} people, {workers} parallel workers, {Environment.ProcessorCount} cores");
        await using var factory = db == Db.Postgres ? new PostgresFactory() : new CatalyseFactory();
        await factory.InitializeAsync();
        CpuMark.PostgresDatabase = db == Db.Postgres ? new Npgsql.NpgsqlConnectionStringBuilder(factory.ConnectionString).Database : null;
        Console.WriteLine($"  database: {CpuMark.PostgresDatabase ?? "SQLite file in a temporary folder"}");
        var server = "SQLite (WAL), in process";
        if (db == Db.Postgres)
            await factory.WithDbAsync(async ctx =>
            {
                var settings = new List<string>();
                foreach (var setting in new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers", "max_connections" })
                    settings.Add($"{setting} {await ctx.Database.SqlQuery<string>($"SELECT current_setting({setting}) AS \"Value\"").SingleAsync()}");
                server = "PostgreSQL: " + string.Join(", ", settings);
                Console.WriteLine("  " + server);
            });

        // ---- 1. raw insert rate --------------------------------------------------------------------------------------
        var raw = await RawInsertAsync(factory, count, workers);
        Report($"raw INSERT, 1 row per transaction ({count:N0} rows, {workers} connections)", $"{raw.Rate:N0} rows/s (p50 {raw.P50:F1} ms, p95 {raw.P95:F1} ms; {raw.Cpu})");
        Rows.Add(($"raw INSERT into a petition_signatures-shaped table, 1 row per transaction", raw.Rate, raw.P50, raw.P95));

        // ---- 2. signatures ---------------------------------------------------------------------------------------------
        var territoryId = await Catalyse.Tests.Participation.PetitionData.TerritoryIdAsync(factory);
        var authority = await AuthorityAsync(factory, territoryId);
        var author = (await PeopleAsync(factory, 1, "author"))[0];
        var watch = Stopwatch.StartNew();
        var people = await PeopleAsync(factory, count, "signer");
        var warmPeople = await PeopleAsync(factory, 200, "warm");
        Console.WriteLine($"  {count + 201:N0} confirmed people inserted in {watch.Elapsed.TotalSeconds:F1} s");

        var checks = new List<(string Label, List<int> Petitions, int People, RunResult Run)>();
        var warmPetition = await OpenPetitionAsync(factory, authority, author, "Échauffement");
        var onePetition = await OpenPetitionAsync(factory, authority, author, "Une seule pétition");
        var spread = new List<int>();
        for (var i = 0; i < SpreadPetitions; i++) spread.Add(await OpenPetitionAsync(factory, authority, author, $"Pétition {i + 1} sur {SpreadPetitions}"));

        // Warm-up (JIT, EF query cache, connection pool), checked like the rest but not timed.
        var warm = await SignAllAsync(factory, Plan(warmPeople, [warmPetition], 11), workers, null);
        Console.WriteLine($"  PetitionSigning: warm-up, {warm.Signed} signatures in {warm.Seconds:F1} s");
        checks.Add(("warm-up", [warmPetition], warmPeople.Count, warm));

        var one = await SignAllAsync(factory, Plan(people, [onePetition], 1), workers, db == Db.Postgres ? factory.ConnectionString : null);
        Report("signatures, ONE petition", Describe(one));
        Rows.Add(("signatures through PetitionSigning, ONE petition", one.Rate, one.P50, one.P95));
        checks.Add(("one petition", [onePetition], count, one));
        var many = await SignAllAsync(factory, Plan(people, spread, 2), workers, db == Db.Postgres ? factory.ConnectionString : null);
        Report($"signatures, {SpreadPetitions} petitions", Describe(many));
        Rows.Add(($"signatures through PetitionSigning, {SpreadPetitions} petitions", many.Rate, many.P50, many.P95));
        checks.Add(($"{SpreadPetitions} petitions", spread, count, many));

        // ---- 3. exactly once -------------------------------------------------------------------------------------------
        foreach (var (label, petitions, n, run) in checks) await CheckAsync(factory, label, petitions, n, run);

        // ---- 4. summary ------------------------------------------------------------------------------------------------
        Console.WriteLine();
        Console.WriteLine($"signatures {db} — summary: {count:N0} people, {workers} parallel workers, {Environment.ProcessorCount} cores; {server}");
        Console.WriteLine("| what | per second | / raw inserts | one row or signature: p50 / p95 |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (what, rate, p50, p95) in Rows)
            Console.WriteLine($"| {what} | {rate:N0} | {rate / raw.Rate:P0} | {p50:F1} / {p95:F1} ms |");
        Console.WriteLine($"| exactly once: counters = signature rows = distinct signers = log lines = LogVerifier count, every repeat refused | passed ({checks.Count} runs, " +
                          $"{checks.Sum(c => c.Run.Signed):N0} signatures, {checks.Sum(c => c.Run.Refused):N0} repeats refused) | | |");
    }

    private static string Describe(RunResult r) =>
        $"{r.Rate:N0}/s ({r.Signed:N0} in {r.Seconds:F1} s; {r.Attempts:N0} attempts, {r.Refused:N0} repeats refused); " +
        $"one signature p50 {r.P50:F1} ms, p95 {r.P95:F1} ms; group commit: {r.Batches}; {r.Cpu} (per attempt){(r.Activity is null ? "" : "; server: " + r.Activity)}";

    // ---- data ------------------------------------------------------------------------------------------------------------

    private static async Task<int> AuthorityAsync(CatalyseFactory factory, int territoryId)
    {
        using var scope = factory.Services.CreateScope();
        var (authority, errors) = await scope.ServiceProvider.GetRequiredService<PetitionService>().SaveAuthorityAsync(territoryId, null,
            new AuthorityInput($"Autorité du banc d'essai {Guid.NewGuid():N}"[..40], "Voirie\nÉcoles", 5000, 90, IdentityLevel.EmailConfirmed, null));
        if (authority is null) throw new InvalidOperationException("authority: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        return authority.Id;
    }

    private static async Task<int> OpenPetitionAsync(CatalyseFactory factory, int authorityId, string authorId, string title)
    {
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PetitionService>();
        var territoryId = await scope.ServiceProvider.GetRequiredService<CatalyseDb>().PetitionAuthorities.Where(a => a.Id == authorityId).Select(a => a.TerritoryId).SingleAsync();
        var (petition, errors) = await service.FileAsync(territoryId, authorId, new PetitionInput(authorityId,
            $"Banc d'essai : {title}", "Nous demandons des passages piétons sûrs devant chaque école du territoire, et des trottoirs dégagés.", "Voirie"));
        if (petition is null) throw new InvalidOperationException("file: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        var review = await service.ReviewAsync(petition.Id, authorId, new ReviewInput(true, null, PetitionNextStep.Answer));
        if (review is null || review.Count > 0) throw new InvalidOperationException("review: " + string.Join("; ", review?.SelectMany(e => e.Value) ?? []));
        return petition.Id;
    }

    /// <summary>Confirmed accounts inserted directly, as the participation tests do (no password).</summary>
    private static async Task<List<string>> PeopleAsync(CatalyseFactory factory, int count, string prefix)
    {
        var ids = new List<string>(count);
        for (var start = 0; start < count; start += 2000)
        {
            var users = Enumerable.Range(start, Math.Min(2000, count - start)).Select(i =>
            {
                var email = $"{prefix}.{i}.{Guid.NewGuid():N}@example.test";
                return new User
                {
                    UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true, DisplayName = "Signataire", CreatedAt = DateTimeOffset.UtcNow, SecurityStamp = Guid.NewGuid().ToString(),
                };
            }).ToList();
            await factory.WithDbAsync(async db => { db.Users.AddRange(users); await db.SaveChangesAsync(); });
            ids.AddRange(users.Select(u => u.Id));
        }
        return ids;
    }

    // ---- the attempts ----------------------------------------------------------------------------------------------------

    private enum Kind { First, DoubleSubmit, ComesBack }

    private sealed record Attempt(int Person, string UserId, int PetitionId, string Key, Kind Kind);

    /// <summary>
    /// Each person once, on petition <c>person % petitions</c>, in a shuffled order; every 10th attempt repeats an earlier
    /// person: alternately a double submit (same key, one of the last few attempts, likely still in flight) and the person
    /// coming back later (new key, anyone earlier).
    /// </summary>
    private static List<Attempt> Plan(List<string> people, List<int> petitions, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, people.Count).ToArray();
        random.Shuffle(order);
        var attempts = new List<Attempt>(people.Count * 10 / 9 + 1);
        var firsts = new List<Attempt>(people.Count);
        var next = 0;
        var repeats = 0;
        while (next < order.Length)
        {
            if (attempts.Count % 10 == 9 && firsts.Count > 0)
            {
                if (repeats++ % 2 == 0)
                {
                    var earlier = firsts[Math.Max(0, firsts.Count - 1 - random.Next(Math.Min(4, firsts.Count)))];
                    attempts.Add(earlier with { Kind = Kind.DoubleSubmit });
                }
                else
                {
                    var earlier = firsts[random.Next(firsts.Count)];
                    attempts.Add(earlier with { Key = Guid.NewGuid().ToString("N"), Kind = Kind.ComesBack });
                }
                continue;
            }
            var person = order[next++];
            var first = new Attempt(person, people[person], petitions[person % petitions.Count], Guid.NewGuid().ToString("N"), Kind.First);
            firsts.Add(first);
            attempts.Add(first);
        }
        return attempts;
    }

    private sealed record RunResult(int Attempts, int Signed, int Refused, double Seconds, double P50, double P95,
        Dictionary<SignOutcome, int> Outcomes, Dictionary<(int Petition, string User), int> SignedPerPerson, string Cpu, string? Activity, string Batches)
    {
        public double Rate => Signed / Seconds;
    }

    private static async Task<RunResult> SignAllAsync(CatalyseFactory factory, List<Attempt> attempts, int workers, string? sampleActivityOf)
    {
        using var stopSampling = new CancellationTokenSource();
        var sampler = sampleActivityOf is null ? Task.FromResult<string?>(null) : SampleActivityAsync(sampleActivityOf, stopSampling.Token);
        var outcomes = new SignOutcome[attempts.Count];
        var latencies = new double[attempts.Count];
        var next = -1;
        var failures = new ConcurrentQueue<Exception>();
        var batcher = factory.Services.GetRequiredService<SignatureBatcher>();
        var written = batcher.Written;
        var cpu = CpuMark.Now();
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < attempts.Count && failures.IsEmpty)
            {
                var a = attempts[i];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var scope = factory.Services.CreateScope();
                    var result = await scope.ServiceProvider.GetRequiredService<PetitionSigning>().SignAsync(a.PetitionId, a.UserId, a.Key);
                    outcomes[i] = result.Outcome;
                }
                catch (Exception e)
                {
                    failures.Enqueue(new InvalidOperationException($"attempt {i} ({a.Kind}, petition {a.PetitionId}): {e.Message}", e));
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })).ToList();
        await Task.WhenAll(tasks);
        watch.Stop();
        stopSampling.Cancel();
        var activity = await sampler;
        var cpuUse = CpuMark.Now().Since(cpu, attempts.Count);
        var (batches, requests) = (batcher.Written.Batches - written.Batches, batcher.Written.Requests - written.Requests);
        var batching = $"{batches:N0} transactions, {(double)requests / Math.Max(1, batches):F1} requests each on average";
        if (!failures.IsEmpty) throw new AggregateException("signing failed", failures);

        var signed = new Dictionary<(int, string), int>();
        for (var i = 0; i < attempts.Count; i++)
        {
            var key = (attempts[i].PetitionId, attempts[i].UserId);
            signed[key] = signed.GetValueOrDefault(key) + (outcomes[i] == SignOutcome.Signed ? 1 : 0);
        }
        var signedLatencies = Enumerable.Range(0, attempts.Count).Where(i => outcomes[i] == SignOutcome.Signed).Select(i => latencies[i]).Order().ToList();
        return new RunResult(attempts.Count, outcomes.Count(o => o == SignOutcome.Signed),
            outcomes.Count(o => o is SignOutcome.AlreadySigned or SignOutcome.Replayed), watch.Elapsed.TotalSeconds,
            Percentile(signedLatencies, 0.50), Percentile(signedLatencies, 0.95),
            outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count()), signed, cpuUse, activity, batching);
    }

    /// <summary>
    /// Where the server's sessions of this database spend their time, sampled from pg_stat_activity every 10 ms on a
    /// connection of its own: waiting for a lock (the petition's row), running a statement, idle inside a transaction
    /// (waiting for the app to send the next statement while holding what it locked) or idle between transactions.
    /// </summary>
    private static async Task<string?> SampleActivityAsync(string connectionString, CancellationToken stop)
    {
        var counts = new Dictionary<string, long>();
        long samples = 0;
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT CASE WHEN wait_event_type = 'Lock' THEN 'lock wait (' || wait_event || ')'
                        WHEN state = 'active' AND wait_event_type IN ('IO', 'LWLock') THEN 'active, ' || wait_event_type || ' ' || wait_event
                        WHEN state = 'active' THEN 'active'
                        ELSE state END, count(*)
            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            GROUP BY 1
            """, connection);
        while (!stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
                while (await reader.ReadAsync(CancellationToken.None))
                    counts[reader.GetString(0)] = counts.GetValueOrDefault(reader.GetString(0)) + reader.GetInt64(1);
            samples++;
            try { await Task.Delay(10, stop); } catch (OperationCanceledException) { }
        }
        if (samples == 0) return null;
        return "sessions on average: " + string.Join(", ", counts.OrderByDescending(c => c.Value).Where(c => c.Value * 20 >= samples)
            .Select(c => $"{c.Key} {(double)c.Value / samples:F1}"));
    }

    /// <summary>
    /// CPU time of this process, of the PostgreSQL backends serving the bench's database (when the server runs on this
    /// machine; not its background writers) and busy time of the whole machine (all cores, from
    /// /proc/stat): whether a phase is CPU-bound, and who burns the CPU.
    /// </summary>
    private readonly record struct CpuMark(TimeSpan Process, double Postgres, long MachineBusy, long MachineTotal)
    {
        private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

        /// <summary>The bench's PostgreSQL database, whose backends' CPU is counted (null: SQLite).</summary>
        public static string? PostgresDatabase;

        public static CpuMark Now()
        {
            long busy = 0, total = 0;
            double postgres = 0;
            if (File.Exists("/proc/stat"))
            {
                var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
                total = fields.Take(8).Sum();
                busy = total - fields[3] - fields[4]; // minus idle and iowait
                foreach (var dir in PostgresDatabase is null ? [] : System.IO.Directory.EnumerateDirectories("/proc"))
                {
                    if (!char.IsAsciiDigit(Path.GetFileName(dir)[0])) continue;
                    try
                    {
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var close = stat.LastIndexOf(')');
                        if (stat[(stat.IndexOf('(') + 1)..close] != "postgres") continue;
                        // A backend's title: "postgres: user database host(port) state".
                        if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains($" {PostgresDatabase} ")) continue;
                        var rest = stat[(close + 2)..].Split(' ');
                        postgres += (long.Parse(rest[11]) + long.Parse(rest[12])) / TicksPerSecond * 1000; // utime, stime
                    }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
            }
            return new CpuMark(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, postgres, busy, total);
        }

        /// <summary>
        /// "app CPU x ms, PostgreSQL CPU y ms, rest of the machine z ms per item, machine w % busy" since
        /// <paramref name="start"/>; the rest is everything else running on the machine meanwhile (other jobs included).
        /// </summary>
        public string Since(CpuMark start, int items)
        {
            var appMs = (Process - start.Process).TotalMilliseconds;
            var pgMs = Postgres - start.Postgres;
            var app = $"app CPU {appMs / items:F2} ms";
            var pg = PostgresDatabase is null ? "" : $", PostgreSQL CPU {pgMs / items:F2} ms";
            if (MachineTotal <= start.MachineTotal) return $"{app}{pg} per item";
            var restMs = (MachineBusy - start.MachineBusy) * 1000.0 / TicksPerSecond - appMs - pgMs;
            return $"{app}{pg}, rest of the machine {Math.Max(0, restMs) / items:F2} ms per item, machine {100.0 * (MachineBusy - start.MachineBusy) / (MachineTotal - start.MachineTotal):F0} % busy";
        }
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    // ---- exactly once ----------------------------------------------------------------------------------------------------

    private static async Task CheckAsync(CatalyseFactory factory, string label, List<int> petitions, int people, RunResult run)
    {
        var problems = new List<string>();
        void Expect(bool ok, string what) { if (!ok) problems.Add(what); }

        // What the callers were told: each person signed exactly once, every repeat refused, nothing else.
        Expect(run.Signed == people, $"{run.Signed} attempts answered Signed, {people} people");
        Expect(run.Signed + run.Refused == run.Attempts, $"outcomes: {string.Join(", ", run.Outcomes.Select(o => $"{o.Key} {o.Value}"))}");
        Expect(run.SignedPerPerson.Count == people && run.SignedPerPerson.Values.All(n => n == 1),
            $"{run.SignedPerPerson.Count(p => p.Value != 1)} people not signed exactly once");

        // What the database holds.
        var total = 0;
        var distinct = new HashSet<string>();
        foreach (var id in petitions)
        {
            var (counter, head, rows, signers, maxSeq, log, entries) = await factory.WithDbAsync(async db =>
            {
                var p = await db.Petitions.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.SignatureCount, p.LogHead }).SingleAsync();
                var users = await db.PetitionSignatures.AsNoTracking().Where(s => s.PetitionId == id).Select(s => s.UserId).ToListAsync();
                var maxSeq = await db.PetitionSignatures.Where(s => s.PetitionId == id).MaxAsync(s => (int?)s.Seq) ?? 0;
                var subject = $"petition:{id}";
                var log = await db.PublicLog.CountAsync(e => e.Subject == subject);
                var entries = await db.PublicLog.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Seq).ToListAsync();
                return (p.SignatureCount, p.LogHead, users.Count, users, maxSeq, log, entries);
            });
            var expected = run.SignedPerPerson.Count(p => p.Key.Petition == id);
            Expect(counter == expected, $"petition {id}: counter {counter}, {expected} people signed it");
            Expect(rows == counter, $"petition {id}: {rows} signature rows, counter {counter}");
            Expect(signers.Distinct().Count() == rows, $"petition {id}: {signers.Distinct().Count()} distinct signers in {rows} rows");
            Expect(maxSeq == counter, $"petition {id}: last seq {maxSeq}, counter {counter}");
            Expect(log == counter, $"petition {id}: {log} public log lines, counter {counter}");

            var csv = new StringBuilder(LogChain.CsvHeader).Append('\n');
            foreach (var e in entries) csv.Append(LogChain.CsvLine(e)).Append('\n');
            var check = LogVerifier.Check(new StringReader(csv.ToString()));
            Expect(check.Valid, $"petition {id}: log BROKEN at line {check.BrokenLine} ({check.Problem})");
            Expect(check.Lines == counter && check.Count == counter, $"petition {id}: LogVerifier recounts {check.Count} ({check.Lines} lines), counter {counter}");
            Expect(check.Head == head, $"petition {id}: verified head {check.Head}, published {head}");
            total += counter;
            distinct.UnionWith(signers.Select(s => $"{id}/{s}"));
        }
        Expect(total == people, $"counters sum to {total}, {people} distinct people signed");
        Expect(distinct.Count == people, $"{distinct.Count} distinct (petition, signer) rows, {people} people");

        if (problems.Count > 0)
        {
            foreach (var p in problems) Console.Error.WriteLine($"  EXACTLY-ONCE FAILED ({label}): {p}");
            throw new InvalidOperationException($"exactly-once check failed for {label}: {problems.Count} problem(s), first: {problems[0]}");
        }
        Console.WriteLine($"  exactly once, {label}: {petitions.Count} petition(s), counters = rows = distinct signers = log lines = LogVerifier count = {total:N0}; " +
                          $"{run.Refused:N0} repeats refused ({string.Join(", ", run.Outcomes.Where(o => o.Key != SignOutcome.Signed).Select(o => $"{o.Key} {o.Value}"))})");
    }

    // ---- raw inserts -----------------------------------------------------------------------------------------------------

    private sealed record RawResult(double Rate, double P50, double P95, string Cpu);

    /// <summary>
    /// One row per transaction (BEGIN; INSERT; COMMIT) from <paramref name="workers"/> connections of the app's own pool,
    /// into a table with petition_signatures' columns and indexes (primary key, unique (PetitionId, UserId), unique
    /// (PetitionId, Seq), UserId) and no foreign keys: what the database takes for the same durability.
    /// </summary>
    private static async Task<RawResult> RawInsertAsync(CatalyseFactory factory, int rows, int workers)
    {
        var pg = factory.Provider == Db.Postgres;
        await factory.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS bench_raw_signatures");
            await db.Database.ExecuteSqlRawAsync(pg
                ? """
                  CREATE TABLE bench_raw_signatures ("Id" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "PetitionId" integer NOT NULL,
                      "UserId" text NOT NULL, "SignedAt" timestamp with time zone NOT NULL, "Seq" integer NOT NULL,
                      "Pseudonym" character varying(64) NOT NULL, "IdempotencyKey" character varying(100))
                  """
                : """
                  CREATE TABLE bench_raw_signatures ("Id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "PetitionId" INTEGER NOT NULL,
                      "UserId" TEXT NOT NULL, "SignedAt" INTEGER NOT NULL, "Seq" INTEGER NOT NULL, "Pseudonym" TEXT NOT NULL, "IdempotencyKey" TEXT NULL)
                  """);
            await db.Database.ExecuteSqlRawAsync("""CREATE UNIQUE INDEX "IX_bench_raw_PetitionId_UserId" ON bench_raw_signatures ("PetitionId", "UserId")""");
            await db.Database.ExecuteSqlRawAsync("""CREATE UNIQUE INDEX "IX_bench_raw_PetitionId_Seq" ON bench_raw_signatures ("PetitionId", "Seq")""");
            await db.Database.ExecuteSqlRawAsync("""CREATE INDEX "IX_bench_raw_UserId" ON bench_raw_signatures ("UserId")""");
        });

        var binary = new DateTimeOffsetToBinaryConverter();
        var latencies = new double[rows];
        var next = -1;
        var cpu = CpuMark.Now();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            using var scope = factory.Services.CreateScope();
            var connection = scope.ServiceProvider.GetRequiredService<CatalyseDb>().Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO bench_raw_signatures ("PetitionId", "UserId", "SignedAt", "Seq", "Pseudonym", "IdempotencyKey")
                VALUES (@p, @u, @at, @seq, @pseudonym, @key)
                """;
            DbParameter Add(string name)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
                return p;
            }
            var (petition, user, at, seq, pseudonym, key) = (Add("@p"), Add("@u"), Add("@at"), Add("@seq"), Add("@pseudonym"), Add("@key"));
            int i;
            while ((i = Interlocked.Increment(ref next)) < rows)
            {
                var started = Stopwatch.GetTimestamp();
                var now = LogChain.Truncate(DateTimeOffset.UtcNow);
                await using var tx = await connection.BeginTransactionAsync();
                command.Transaction = tx;
                petition.Value = 1 + i % SpreadPetitions;
                user.Value = Guid.NewGuid().ToString();
                at.Value = pg ? now : binary.ConvertToProvider(now);
                seq.Value = i / SpreadPetitions + 1;
                pseudonym.Value = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..20];
                key.Value = Guid.NewGuid().ToString("N");
                await command.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        watch.Stop();
        var cpuUse = CpuMark.Now().Since(cpu, rows);
        var stored = await factory.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM bench_raw_signatures").SingleAsync());
        if (stored != rows) throw new InvalidOperationException($"raw insert: {stored} rows stored, {rows} inserted");
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE bench_raw_signatures"));
        var sorted = latencies.Order().ToList();
        return new RawResult(rows / watch.Elapsed.TotalSeconds, Percentile(sorted, 0.5), Percentile(sorted, 0.95), cpuUse);
    }
}
