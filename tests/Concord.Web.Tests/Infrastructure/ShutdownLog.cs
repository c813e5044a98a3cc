namespace Concord.Web.Tests.Infrastructure;

/// <summary>
/// Where a shared test app that failed to stop cleanly writes the whole exception: a file in the
/// temp folder (<c>.ci/run</c> prints it after the tests), since a collection fixture's cleanup
/// exception reaches the runner's output as a bare type name.
/// </summary>
public static class ShutdownLog
{
    public static string FilePath => Path.Combine(Path.GetTempPath(), "concord-test-shutdown.log");

    private static readonly Lock s_gate = new();

    public static void Record(Exception ex)
    {
        lock (s_gate)
        {
            File.AppendAllText(FilePath, $"{DateTime.UtcNow:O} the test app did not stop cleanly:{Environment.NewLine}{ex}{Environment.NewLine}{Environment.NewLine}");
        }
    }
}
