using ActorTrap.Node.Reputation.Store.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ActorTrap.Node.Reputation.Blacklist;

/// <summary>
/// Keeps this node's <see cref="LocalBlacklist"/> current from PostgreSQL: one unpooled connection LISTENs on the
/// listing channel, then reloads every listing from the table (notifications that arrive during the reload are
/// applied after it, so nothing committed after LISTEN is missed), then waits for notifications. When the
/// connection drops it reconnects every retry interval and resynchronises the same way.
/// </summary>
internal sealed class PostgresListingListener : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly LocalBlacklist blacklist;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly TimeSpan retry;
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> buffered = [];
    private Task? loop;
    private bool syncing;
    private long notifications;
    private long resyncs;
    private long badPayloads;
    private volatile bool connected;

    public PostgresListingListener(string connectionString, LocalBlacklist blacklist, TimeProvider clock, ILogger logger, TimeSpan retry)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        builder.ApplicationName = (builder.ApplicationName ?? "actortrap") + ":listener";
        if (builder.KeepAlive == 0)
        {
            // Notice a dead server within seconds even when no notification is due.
            builder.KeepAlive = 5;
        }

        this.connectionString = builder.ConnectionString;
        this.blacklist = blacklist;
        this.clock = clock;
        this.logger = logger;
        this.retry = retry;
    }

    public bool Connected => connected;

    public long Notifications => Interlocked.Read(ref notifications);

    public long Resyncs => Interlocked.Read(ref resyncs);

    public long BadPayloads => Interlocked.Read(ref badPayloads);

    /// <summary>Starts listening and waits for the first full load (or its failure: the loop keeps retrying).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
        await firstSync.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stop.Dispose();
    }

    private async Task RunAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await connection.OpenAsync(token).ConfigureAwait(false);
                await ListenAndResyncAsync(connection, token).ConfigureAwait(false);
                while (!token.IsCancellationRequested)
                {
                    await connection.WaitAsync(token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                if (connected || !firstSync.Task.IsCompleted)
                {
                    Log.ListenerLost(logger, e.Message);
                }

                connected = false;
                firstSync.TrySetException(new Store.StoreUnavailableException($"cannot load listings from PostgreSQL: {e.Message}", e));
                try
                {
                    await Task.Delay(retry, clock, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        connected = false;
    }

    private async Task ListenAndResyncAsync(NpgsqlConnection connection, CancellationToken token)
    {
        syncing = true;
        buffered.Clear();
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresSchema.ListingChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }

        var listings = await PostgresReputationStore.LoadListingsAsync(connection, clock.GetUtcNow(), token).ConfigureAwait(false);
        blacklist.Replace(listings);
        syncing = false;
        foreach (var payload in buffered)
        {
            ApplyPayload(payload);
        }

        buffered.Clear();
        Interlocked.Increment(ref resyncs);
        connected = true;
        Log.ListenerSynced(logger, listings.Count);
        firstSync.TrySetResult();
    }

    // Raised on the loop's own thread while Npgsql reads from this connection, so no locking is needed.
    private void OnNotification(string payload)
    {
        if (syncing)
        {
            buffered.Add(payload);
            return;
        }

        ApplyPayload(payload);
    }

    private void ApplyPayload(string payload)
    {
        Interlocked.Increment(ref notifications);
        if (!ListingNotification.Apply(payload, blacklist))
        {
            Interlocked.Increment(ref badPayloads);
            Log.BadNotification(logger, payload.Length);
        }
    }
}
