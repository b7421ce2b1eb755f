using System.Threading.Channels;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>
/// Group commit of signatures, one writer per process. Signing one by one serializes a petition's signers on its row
/// lock (≈ 160 signatures/s on PostgreSQL, whatever the server); here callers only queue their request, and the
/// writer takes everything queued meanwhile (up to <see cref="MaxBatch"/>) and writes it as one
/// <see cref="SignatureBatch"/>: one lock per petition, one COMMIT for all. Correctness never rests on this queue —
/// several processes may each run one against the same database, which orders them (row locks, unique indexes).
/// <para>A cancelled caller stops waiting, and its request is dropped if not yet taken (else it is written, as a
/// request cancelled during its COMMIT would be). A batch that fails is undone as a whole and its requests retried one
/// by one, so that only the failing one gets the error. On shutdown the queue is drained before the host stops;
/// requests it cannot write in time, or arriving after, fail with an error instead of being lost.</para>
/// </summary>
public sealed class SignatureBatcher(IServiceScopeFactory scopes, ILogger<SignatureBatcher> log) : IHostedService
{
    /// <summary>Requests per transaction at most: bounds the time the petitions' rows are locked and the EF batch.</summary>
    public const int MaxBatch = 500;

    private sealed record Pending(SignRequest Request, CancellationToken Cancelled, TaskCompletionSource<SignResult> Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly Lock _gate = new();
    private Task? _writer;
    private long _batches, _requests;

    /// <summary>Transactions written and requests they carried, since start (for the bench and the logs).</summary>
    public (long Batches, long Requests) Written => (Interlocked.Read(ref _batches), Interlocked.Read(ref _requests));

    public Task<SignResult> SignAsync(SignRequest request, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new Pending(request, ct, new TaskCompletionSource<SignResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The application is stopping: the signature was not recorded.");
        Writer();
        return pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>The writer starts with the first request, not with the host: no thread for processes that never sign.</summary>
    private Task Writer()
    {
        lock (_gate) return _writer ??= Task.Run(WriteQueueAsync);
    }

    private async Task WriteQueueAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            // Behind the callers already woken by the last batch's answers: most of them join this batch.
            await Task.Yield();
            var batch = new List<Pending>();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
                if (pending.Cancelled.IsCancellationRequested) pending.Done.TrySetCanceled(pending.Cancelled);
                else batch.Add(pending);
            if (batch.Count > 0) await WriteAsync(batch);
        }
    }

    /// <summary>Never throws: every request of the batch gets its answer or its error.</summary>
    private async Task WriteAsync(List<Pending> batch)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _requests, batch.Count);
        try
        {
            SignResult?[] results;
            using (var scope = scopes.CreateScope())
                results = await ActivatorUtilities.CreateInstance<SignatureBatch>(scope.ServiceProvider).WriteAsync(batch.Select(p => p.Request).ToList());
            for (var i = 0; i < batch.Count; i++)
                if (results[i] is { } result) batch[i].Done.TrySetResult(result);
                else batch[i].Done.TrySetException(new InvalidOperationException($"No account {batch[i].Request.UserId}: the signature was not recorded."));
        }
        catch (Exception e) when (batch.Count > 1)
        {
            log.LogWarning(e, "A batch of {Count} signatures failed and was undone; its requests are retried one by one.", batch.Count);
            foreach (var pending in batch) await WriteAsync([pending]);
        }
        catch (Exception e)
        {
            log.LogError(e, "Signature of petition {Petition} failed.", batch[0].Request.PetitionId);
            batch[0].Done.TrySetException(e);
        }
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>No new requests; those queued are written, within the host's shutdown timeout, else fail.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        _queue.Writer.TryComplete();
        try
        {
            await Writer().WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            while (_queue.Reader.TryRead(out var pending))
                pending.Done.TrySetException(new InvalidOperationException("The application stopped before the signature was recorded."));
        }
    }
}

public static class SignatureBatcherSetup
{
    /// <summary>The signing service and its process-wide writer, drained when the host stops.</summary>
    public static IServiceCollection AddPetitionSigning(this IServiceCollection services) =>
        services.AddScoped<PetitionSigning>().AddSingleton<SignatureBatcher>().AddHostedService(sp => sp.GetRequiredService<SignatureBatcher>());
}
