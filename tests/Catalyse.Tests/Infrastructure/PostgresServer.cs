using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Catalyse.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for tests: started once per test process (or taken from the
/// CATALYSE_TEST_PG connection string), with a fresh database per <see cref="CreateDatabaseAsync"/> call.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CATALYSE_TEST_PG";

    private static readonly object Gate = new();
    private static Task<ServerInfo>? _server;

    /// <summary>True when CATALYSE_TEST_PG is set or a pg_ctl binary can be found.</summary>
    public static bool IsAvailable =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)) || FindBinDirectory() is not null;

    /// <summary>Creates a new empty database named <c>{prefix}_{8 hex}</c> and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await GetServerAsync().ConfigureAwait(false);
        var name = $"{Sanitize(prefix)}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";

        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync().ConfigureAwait(false);
            await using var cmd = admin.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return server.ConnectionStringFor(name);
    }

    private static Task<ServerInfo> GetServerAsync()
    {
        lock (Gate)
        {
            return _server ??= Task.Run(StartOrConnect);
        }
    }

    private static string Sanitize(string prefix)
    {
        var sb = new StringBuilder();
        foreach (var c in (prefix ?? "").ToLowerInvariant())
            sb.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_');
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, "db_");
        // 63 bytes max for identifiers; keep room for "_xxxxxxxx".
        return sb.Length > 54 ? sb.ToString(0, 54) : sb.ToString();
    }

    private sealed record ServerInfo(string AdminConnectionString, Func<string, string> ConnectionStringFor);

    private static ServerInfo StartOrConnect()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var adminBuilder = new NpgsqlConnectionStringBuilder(external) { Pooling = false };
            if (string.IsNullOrEmpty(adminBuilder.Database)) adminBuilder.Database = "postgres";
            return new ServerInfo(adminBuilder.ConnectionString, db =>
                new NpgsqlConnectionStringBuilder(external) { Database = db }.ConnectionString);
        }

        var bin = FindBinDirectory()
            ?? throw new InvalidOperationException(
                $"PostgreSQL binaries not found under /usr/lib/postgresql/*/bin and {EnvironmentVariable} is not set " +
                "(install with: apt-get install -y postgresql).");

        var port = StartLocalCluster(bin);
        return new ServerInfo(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Include Error Detail=true",
            db => $"Host=127.0.0.1;Port={port};Username=postgres;Database={db};Pooling=true;Maximum Pool Size=100;Include Error Detail=true");
    }

    private static string? FindBinDirectory()
    {
        const string preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "pg_ctl"))) return preferred;
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root)) return null;
        return System.IO.Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d),
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(x => File.Exists(Path.Combine(x.Dir, "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int StartLocalCluster(string bin)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("catalyse-pg-").FullName;
        var data = Path.Combine(dir, "data");
        var log = Path.Combine(dir, "log");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var started = false;

        try
        {
            if (IsRoot)
                Run(dir, "chown", "-R", "postgres:", dir).ThrowIfFailed("chown -R postgres: " + dir, log);

            var init = RunAsPostgres(dir, Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
            if (init.ExitCode != 0)
            {
                if (System.IO.Directory.Exists(data)) System.IO.Directory.Delete(data, recursive: true);
                init = RunAsPostgres(dir, Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8", "--locale=C");
            }
            init.ThrowIfFailed("initdb", log);

            // Register cleanup before starting so a half-started server is still stopped.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(pgCtl, dir, data);
            StartWatchdog(pgCtl, dir, data);

            ProcessResult? last = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var port = FreePort();
                last = RunAsPostgres(dir, pgCtl, "-D", data, "-l", log, "-w", "-t", "60", "-o",
                    $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                    "-c full_page_writes=off -c max_connections=300",
                    "start");
                if (last.ExitCode == 0)
                {
                    started = true;
                    return port;
                }
                // Port taken between probe and start, most likely: try another one.
                RunAsPostgres(dir, pgCtl, "-D", data, "-m", "immediate", "stop");
            }
            last!.ThrowIfFailed("pg_ctl start", log);
            throw new UnreachableException();
        }
        catch when (!started)
        {
            TryDelete(dir);
            throw;
        }
    }

    private static void Stop(string pgCtl, string dir, string data)
    {
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                RunAsPostgres(dir, pgCtl, "-D", data, "-m", "immediate", "stop");
        }
        catch
        {
            // best effort at process exit
        }
        TryDelete(dir);
    }

    /// <summary>
    /// The test host may be killed by the runner before ProcessExit handlers finish; a detached
    /// shell (double-forked, so outside the host's process tree) waits for this process to end,
    /// then stops the cluster and removes its directory.
    /// </summary>
    private static void StartWatchdog(string pgCtl, string dir, string data)
    {
        const string script =
            "( while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; " +
            "if [ -f \"$4/postmaster.pid\" ]; then " +
            "if [ \"$5\" = root ]; then runuser -u postgres -- \"$2\" -D \"$4\" -m immediate stop; " +
            "else \"$2\" -D \"$4\" -m immediate stop; fi; fi; " +
            "rm -rf \"$3\" ) </dev/null >/dev/null 2>&1 &";
        try
        {
            Run(dir, "/bin/sh", "-c", script, "catalyse-pg-watchdog", Environment.ProcessId.ToString(),
                pgCtl, dir, data, IsRoot ? "root" : "user");
        }
        catch
        {
            // ProcessExit cleanup still applies
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
        }
        catch
        {
            // best effort
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static ProcessResult RunAsPostgres(string workingDirectory, string file, params string[] args) =>
        IsRoot
            ? Run(workingDirectory, "runuser", ["-u", "postgres", "--", file, .. args])
            : Run(workingDirectory, file, args);

    private static ProcessResult Run(string workingDirectory, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            // postgres must be able to read its working directory (not e.g. /root).
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);

        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            try { p.Kill(entireProcessTree: true); } catch { /* ignore */ }
            lock (output) return new ProcessResult($"{file} {string.Join(' ', args)}", -1, output + "\n(timed out)");
        }
        // Don't block forever on pipes a detached child might still hold.
        p.WaitForExit(TimeSpan.FromSeconds(5));
        lock (output) return new ProcessResult($"{file} {string.Join(' ', args)}", p.ExitCode, output.ToString());
    }

    private sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
    {
        public void ThrowIfFailed(string what, string logFile)
        {
            if (ExitCode == 0) return;
            var logText = "";
            try
            {
                if (File.Exists(logFile)) logText = File.ReadAllText(logFile);
            }
            catch (Exception e)
            {
                logText = $"(could not read {logFile}: {e.Message})";
            }
            throw new InvalidOperationException(
                $"Starting the test PostgreSQL server failed at {what} (exit code {ExitCode}).\n" +
                $"Command: {CommandLine}\nOutput:\n{Output}\nServer log ({logFile}):\n{logText}");
        }
    }
}
