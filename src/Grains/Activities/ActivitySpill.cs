using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Prometheus;
using StackExchange.Redis;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// The Redis spill list (<c>user_activities_queue</c> by default) while PostgreSQL is unavailable,
/// and its replay. The budget (<see cref="ActivityWriterOptions.SpillLimit"/>) is the list's
/// length, shared by every silo. Replay claims work atomically: a script moves a range from the
/// list's head into this silo's processing list, which is deleted only after the rows are
/// committed; a silo that dies leaves its processing list, which another silo takes over once the
/// dead one's lease lapses. No range is dropped, and a range replayed twice is stored once (the
/// rows' primary keys).
/// </summary>
public sealed partial class ActivitySpill(
    IOptions<ActivityWriterOptions> options,
    ILocalSiloDetails silo,
    ActivityBatchCommitter committer,
    DeadLetterStore deadLetters,
    ILogger<ActivitySpill> logger,
    IConnectionMultiplexer? redis = null)
{
    private static readonly Counter Spilled = Metrics.CreateCounter("user_activities_spilled_rows_total", "Activity rows spilled to Redis");
    private static readonly Gauge SpillDepth = Metrics.CreateGauge("user_activities_spilled", "Activity rows waiting in the Redis spill list");

    /// <summary>Redis scripts unpack their arguments on Lua's stack (about 8,000 slots): claims stay well under it.</summary>
    public const int ClaimSize = 1_000;

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    // KEYS: spill list, own processing list, own lease, registry of processing lists. ARGV: count, lease ms, own name.
    // A processing list left by an earlier failure is replayed first; otherwise a range moves over.
    private const string ClaimScript =
        """
        redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
        redis.call('SADD', KEYS[4], ARGV[3])
        local held = redis.call('LRANGE', KEYS[2], 0, -1)
        if #held > 0 then return held end
        local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
        if #items == 0 then return items end
        redis.call('LTRIM', KEYS[1], #items, -1)
        redis.call('RPUSH', KEYS[2], unpack(items))
        return items
        """;

    // KEYS: the other silo's processing list, its lease, own processing list, registry. ARGV: the other silo's name.
    // Takes over a dead silo's claimed range (its lease lapsed) when this silo holds none.
    private const string AdoptScript =
        """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SREM', KEYS[4], ARGV[1]) return 0 end
        if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
        redis.call('RENAME', KEYS[1], KEYS[3])
        redis.call('SREM', KEYS[4], ARGV[1])
        return 1
        """;

    // KEYS: spill list, registry of processing lists. ARGV: user id, mode (anonymize | hard), fields details keep.
    // Goes through the spill and every processing list in chunks: a hard delete removes the user's rows,
    // an anonymization clears their address and agent and keeps only the counted fields of details.
    private const string EraseScript =
        """
        local lists = { KEYS[1] }
        for _, owner in ipairs(redis.call('SMEMBERS', KEYS[2])) do table.insert(lists, KEYS[1] .. ':processing:' .. owner) end
        local keep = {}
        for field in string.gmatch(ARGV[3], '[^,]+') do keep[field] = true end
        local needle = '"UserId":"' .. ARGV[1] .. '"'
        local changed = 0
        for _, list in ipairs(lists) do
          local length = redis.call('LLEN', list)
          local start = 0
          while start < length do
            local chunk = redis.call('LRANGE', list, start, start + 499)
            for offset, item in ipairs(chunk) do
              if string.find(item, needle, 1, true) then
                local index = start + offset - 1
                if ARGV[2] == 'hard' then
                  redis.call('LSET', list, index, '__erased__')
                else
                  -- A row that does not decode cannot be scrubbed: it is removed, never left as it was.
                  local decoded, row = pcall(cjson.decode, item)
                  if not decoded or type(row) ~= 'table' then redis.call('LSET', list, index, '__erased__') else
                  row['IpAddress'] = cjson.null
                  row['UserAgent'] = cjson.null
                  if type(row['Details']) == 'string' then
                    local ok, details = pcall(cjson.decode, row['Details'])
                    local kept, any = {}, false
                    if ok and type(details) == 'table' then
                      for k, v in pairs(details) do if keep[k] then kept[k] = v any = true end end
                    end
                    if any then row['Details'] = cjson.encode(kept) else row['Details'] = cjson.null end
                  end
                  redis.call('LSET', list, index, cjson.encode(row))
                  end
                end
                changed = changed + 1
              end
            end
            start = start + 500
          end
          redis.call('LREM', list, 0, '__erased__')
        end
        return changed
        """;

    // KEYS: spill list, registry. ARGV: user id, how many values follow to find anywhere, those values, then
    // values to find in the user's own rows. Rows are decoded (JSON escapes hide '+' and non-ASCII text).
    // Returns { rows searched, rows holding a value }.
    private const string SearchScript =
        """
        local lists = { KEYS[1] }
        for _, owner in ipairs(redis.call('SMEMBERS', KEYS[2])) do table.insert(lists, KEYS[1] .. ':processing:' .. owner) end
        local everywhere = tonumber(ARGV[2])
        local function texts(value, out)
          if type(value) == 'string' then
            table.insert(out, string.lower(value))
            local ok, inner = pcall(cjson.decode, value)
            if ok and type(inner) == 'table' then texts(inner, out) end
          elseif type(value) == 'table' then
            for _, v in pairs(value) do texts(v, out) end
          end
        end
        local searched, found = 0, 0
        for _, list in ipairs(lists) do
          local length = redis.call('LLEN', list)
          local start = 0
          while start < length do
            for _, item in ipairs(redis.call('LRANGE', list, start, start + 499)) do
              searched = searched + 1
              local ok, row = pcall(cjson.decode, item)
              if ok then
                local out = {}
                texts(row, out)
                local text = table.concat(out, '\n')
                local hit = false
                for k = 3, 2 + everywhere do if string.find(text, string.lower(ARGV[k]), 1, true) then hit = true end end
                if not hit and row['UserId'] == ARGV[1] then
                  for k = 3 + everywhere, #ARGV do if string.find(text, string.lower(ARGV[k]), 1, true) then hit = true end end
                end
                if hit then found = found + 1 end
              end
            end
            start = start + 500
          end
        end
        return { searched, found }
        """;

    /// <summary>The details fields an anonymized activity keeps (as <c>counted_details</c> in sql/025).</summary>
    public const string CountedDetails = "model,tokens,tokens_used,cost,provider,response_time,success";

    private readonly ActivityWriterOptions _options = options.Value;
    private readonly string _self = silo.SiloAddress.ToParsableString();
    private long _spilled, _depth;
    private volatile bool _healthy = true;

    public bool Enabled => redis is not null;

    /// <summary>Redis answered the last call and the shared budget had room at the last look.</summary>
    public bool CanTake(int rows) => redis is not null && _healthy && Interlocked.Read(ref _depth) + rows <= _options.SpillLimit;

    public long SpilledRows => Interlocked.Read(ref _spilled);

    private string Processing(string owner) => $"{_options.SpillQueue}:processing:{owner}";

    private string LeaseKey(string owner) => $"{_options.SpillQueue}:lease:{owner}";

    private string Registry => _options.SpillQueue + ":processing";

    /// <summary>Appends rows to the list; false when Redis is absent, refuses, or the shared budget is spent.</summary>
    public async Task<bool> PushAsync(IReadOnlyList<ActivityRecord> rows)
    {
        if (redis is null || rows.Count == 0)
        {
            return false;
        }

        try
        {
            var db = redis.GetDatabase();
            var depth = await db.ListLengthAsync(_options.SpillQueue);
            Interlocked.Exchange(ref _depth, depth);
            _healthy = true;
            if (depth + rows.Count > _options.SpillLimit)
            {
                LogBudgetSpent(logger, depth, _options.SpillLimit);
                return false;
            }

            var values = rows.Select(r => (RedisValue)JsonSerializer.Serialize(r)).ToArray();
            Interlocked.Exchange(ref _depth, await db.ListRightPushAsync(_options.SpillQueue, values));
            Interlocked.Add(ref _spilled, rows.Count);
            Spilled.Inc(rows.Count);
            LogSpilled(logger, rows.Count);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _healthy = false;
            LogSpillFailed(logger, e, rows.Count);
            return false;
        }
    }

    /// <summary>Erases the user's spilled rows, waiting or claimed (<paramref name="hard"/>: removed; else scrubbed); returns how many.</summary>
    public async Task<long> EraseUserAsync(Guid userId, bool hard)
    {
        if (redis is null)
        {
            return 0;
        }

        return (long)await redis.GetDatabase().ScriptEvaluateAsync(
            EraseScript, [_options.SpillQueue, Registry], [userId.ToString(), hard ? "hard" : "anonymize", CountedDetails]);
    }

    /// <summary>Rows searched and rows holding one of <paramref name="everywhere"/>, or of <paramref name="ownRows"/> in the user's own rows.</summary>
    public async Task<(long Searched, long Found)> SearchAsync(Guid userId, IReadOnlyList<string> everywhere, IReadOnlyList<string> ownRows)
    {
        if (redis is null)
        {
            return (0, 0);
        }

        RedisValue[] args = [userId.ToString(), everywhere.Count, .. everywhere.Select(v => (RedisValue)v), .. ownRows.Select(v => (RedisValue)v)];
        var result = (RedisValue[])(await redis.GetDatabase().ScriptEvaluateAsync(SearchScript, [_options.SpillQueue, Registry], args))!;
        return ((long)result[0], (long)result[1]);
    }

    /// <summary>Reads the list's length (for the budget and queue-status); -1 when Redis does not answer.</summary>
    public async Task<long> RefreshDepthAsync()
    {
        if (redis is null)
        {
            return 0;
        }

        try
        {
            var depth = await redis.GetDatabase().ListLengthAsync(_options.SpillQueue);
            Interlocked.Exchange(ref _depth, depth);
            SpillDepth.Set(depth);
            _healthy = true;
            return depth;
        }
        catch (Exception)
        {
            _healthy = false;
            return -1;
        }
    }

    /// <summary>
    /// Replays claimed ranges until the list is empty or the stop is requested. Rows PostgreSQL refuses
    /// for their content go to the dead letters like the writer's; an outage ends the replay with the
    /// range still claimed (replayed again later). Returns the rows replayed and how many of them were new.
    /// </summary>
    public async Task<(int Replayed, int Inserted)> ReplayAsync(CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return (0, 0);
        }

        var (total, inserted) = (0, 0);
        var db = redis.GetDatabase();
        await AdoptOrphansAsync(db);
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = (RedisValue[]?)await db.ScriptEvaluateAsync(
                ClaimScript,
                [_options.SpillQueue, Processing(_self), LeaseKey(_self), Registry],
                [Math.Min(ClaimSize, _options.BatchSize), (long)Lease.TotalMilliseconds, _self]) ?? [];
            if (claimed.Length == 0)
            {
                break;
            }

            var rows = new List<ActivityRecord>(claimed.Length);
            foreach (var value in claimed)
            {
                try
                {
                    rows.Add(JsonSerializer.Deserialize<ActivityRecord>((string)value!) ?? throw new JsonException("null row"));
                }
                catch (JsonException e)
                {
                    await deadLetters.AddUnreadableAsync((string)value!, e, cancellationToken);
                }
            }

            // Throws on an outage: the range stays claimed and this silo replays it first next time.
            inserted += (await committer.CommitAsync(rows, replay: true, cancellationToken)).Inserted;
            await db.KeyDeleteAsync(Processing(_self));
            total += claimed.Length;
        }

        await RefreshDepthAsync();
        return (total, inserted);
    }

    /// <summary>Takes over the claimed range of a silo whose lease lapsed (it died mid-replay).</summary>
    private async Task AdoptOrphansAsync(IDatabase db)
    {
        foreach (var owner in await db.SetMembersAsync(Registry))
        {
            var name = (string)owner!;
            if (name != _self
                && (long)await db.ScriptEvaluateAsync(AdoptScript, [Processing(name), LeaseKey(name), Processing(_self), Registry], [name]) == 1)
            {
                LogAdopted(logger, name);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spilled {Rows} activities to Redis while PostgreSQL is unavailable")]
    private static partial void LogSpilled(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Spilling {Rows} activities to Redis failed; they stay in memory")]
    private static partial void LogSpillFailed(ILogger logger, Exception exception, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "The spill list holds {Depth} rows, its budget is {Limit}: nothing more is spilled")]
    private static partial void LogBudgetSpent(ILogger logger, long depth, long limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Took over the spilled range silo {Silo} claimed before it stopped")]
    private static partial void LogAdopted(ILogger logger, string silo);
}
