using LabPortal.Portal.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace LabPortal.Portal.Tests.Accounts;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests() => _throttle = new LoginThrottle(_clock);

    [Fact]
    public void Five_wrong_passwords_for_one_user_make_the_sixth_try_wait_until_the_first_failure_is_fifteen_minutes_old()
    {
        for (var i = 0; i < LoginThrottle.FailuresPerUser; i++)
        {
            Assert.Equal(TimeSpan.Zero, _throttle.WaitBeforeNextTry("Alice", "10.0.0.1"));
            _throttle.RecordFailure("alice", "10.0.0.1");
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(TimeSpan.FromMinutes(10), _throttle.WaitBeforeNextTry("alice ", "10.0.0.2"));
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.Zero, _throttle.WaitBeforeNextTry("alice", "10.0.0.2"));
    }

    [Fact]
    public void One_address_guessing_many_user_names_is_stopped_while_other_addresses_still_log_in()
    {
        for (var i = 0; i < LoginThrottle.FailuresPerAddress; i++)
        {
            _throttle.RecordFailure($"user-{i}", "203.0.113.9");
        }

        Assert.True(_throttle.WaitBeforeNextTry("someone-new", "203.0.113.9") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, _throttle.WaitBeforeNextTry("someone-new", "10.0.0.1"));
    }

    [Fact]
    public void A_successful_log_in_clears_the_users_earlier_failures()
    {
        for (var i = 0; i < LoginThrottle.FailuresPerUser - 1; i++)
        {
            _throttle.RecordFailure("bob", "10.0.0.1");
        }

        _throttle.RecordSuccess("bob");
        _throttle.RecordFailure("bob", "10.0.0.1");

        Assert.Equal(TimeSpan.Zero, _throttle.WaitBeforeNextTry("bob", "10.0.0.1"));
    }
}
