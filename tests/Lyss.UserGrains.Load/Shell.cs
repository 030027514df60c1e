using System.Diagnostics;

namespace Lyss.UserGrains.Load;

public static class Shell
{
    /// <summary>Runs a shell command and returns the last line it printed (e.g. a token).</summary>
    public static string LastLine(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.TrimEnd().Split('\n')[^1].Trim();
    }
}
