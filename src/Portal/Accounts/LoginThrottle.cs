using System.Collections.Concurrent;

namespace LabPortal.Portal.Accounts;

/// <summary>
/// Slows password guessing: after <see cref="FailuresPerUser"/> failed log-ins for one user name, or
/// <see cref="FailuresPerAddress"/> from one address, within <see cref="Window"/>, further attempts are refused
/// until the oldest failure leaves the window. Refused attempts are checked before the password hash, so a flood
/// costs no PBKDF2 work. Kept in memory: a restart forgets, which is fine for a rate limit. Memory stays bounded
/// under a spray of made-up names: each key keeps at most its allowance of failures, and keys whose failures have all
/// left the window are dropped once a minute.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int FailuresPerUser = 5;
    public const int FailuresPerAddress = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();
    private DateTimeOffset _lastSweep = clock.GetUtcNow();

    /// <summary>User names and addresses with failures still remembered.</summary>
    internal int TrackedKeys => _failures.Count;

    /// <summary>How long until this user name and address may try again; zero when they may now.</summary>
    public TimeSpan WaitBeforeNextTry(string userName, string? address) =>
        Max(Wait(UserKey(userName), FailuresPerUser), address is null ? TimeSpan.Zero : Wait(AddressKey(address), FailuresPerAddress));

    public void RecordFailure(string userName, string? address)
    {
        SweepWhenDue();
        Record(UserKey(userName), FailuresPerUser);
        if (address is not null)
        {
            Record(AddressKey(address), FailuresPerAddress);
        }
    }

    /// <summary>A successful log-in clears the user's failures (not the address's: one right guess should not reopen a flood).</summary>
    public void RecordSuccess(string userName) => _failures.TryRemove(UserKey(userName), out _);

    private static string UserKey(string userName) => "user:" + userName.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private TimeSpan Wait(string key, int allowed)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return TimeSpan.Zero;
        }

        lock (times)
        {
            Forget(times);
            return times.Count < allowed ? TimeSpan.Zero : times.Peek() + Window - clock.GetUtcNow();
        }
    }

    /// <summary>Keeps only the newest <paramref name="allowed"/> failures: the oldest of them decides the wait.</summary>
    private void Record(string key, int allowed)
    {
        var times = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Forget(times);
            times.Enqueue(clock.GetUtcNow());
            while (times.Count > allowed)
            {
                times.Dequeue();
            }
        }
    }

    /// <summary>
    /// Drops keys with nothing left in the window. A failure recorded into a queue at the moment it is dropped is
    /// lost, which a rate limit can afford; the key had been quiet for a whole window.
    /// </summary>
    private void SweepWhenDue()
    {
        var now = clock.GetUtcNow();
        if (now - _lastSweep < SweepInterval)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, times) in _failures)
        {
            lock (times)
            {
                Forget(times);
                if (times.Count == 0)
                {
                    _failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, times));
                }
            }
        }
    }

    private void Forget(Queue<DateTimeOffset> times)
    {
        while (times.Count > 0 && times.Peek() + Window <= clock.GetUtcNow())
        {
            times.Dequeue();
        }
    }
}
