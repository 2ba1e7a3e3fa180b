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

    [Fact]
    public void A_spray_of_made_up_user_names_is_forgotten_once_its_failures_leave_the_window()
    {
        for (var i = 0; i < 10_000; i++)
        {
            _throttle.RecordFailure($"made-up-{i}", $"198.51.100.{i % 250}");
        }

        _clock.Advance(LoginThrottle.Window + TimeSpan.FromMinutes(1));
        _throttle.RecordFailure("carol", "10.0.0.1");

        Assert.Equal(2, _throttle.TrackedKeys); // carol and her address
    }

    [Fact]
    public void A_thousand_failures_for_one_name_wait_no_longer_than_the_allowance_makes_it()
    {
        for (var i = 0; i < 1000; i++)
        {
            _throttle.RecordFailure("dave", null);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        // The fifth-newest failure is 5 s old: it leaves the window in 15 minutes less 5 s.
        Assert.Equal(LoginThrottle.Window - TimeSpan.FromSeconds(5), _throttle.WaitBeforeNextTry("dave", null));
    }
}
