namespace Catalyse.Tests.Infrastructure;

/// <summary>Waiting for what a background worker does: reads again until the condition holds, failing after a deadline.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<T, string> what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, $"Still waiting after {seconds} s: {what(value)}");
            await Task.Delay(100);
        }
    }
}
