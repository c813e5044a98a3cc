namespace Concord.Web.Mediation.UploadEvidence;

/// <summary>
/// Where evidence files live: <c>{folder}/{caseId}/{sha256}</c>, the folder being
/// <c>Concord:EvidenceFolder</c> (default <c>data/evidence</c>) relative to the content root —
/// never under wwwroot, so a file is only ever served by the scoped download endpoint.
/// </summary>
public sealed class EvidenceFiles(IConfiguration configuration, IWebHostEnvironment env)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public string Root { get; } = Path.GetFullPath(Path.Combine(env.ContentRootPath, configuration["Concord:EvidenceFolder"] ?? Path.Combine("data", "evidence")));

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".mp3"] = "audio/mpeg",
        [".m4a"] = "audio/mp4",
    };

    /// <summary>The first bytes each type must start with; mp3 and m4a are accepted by extension only.</summary>
    private static readonly Dictionary<string, byte[]> s_magic = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "%PDF-"u8.ToArray(),
        [".jpg"] = [0xFF, 0xD8, 0xFF],
        [".jpeg"] = [0xFF, 0xD8, 0xFF],
        [".png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        [".docx"] = [0x50, 0x4B, 0x03, 0x04],
    };

    public static bool ContentMatches(string extension, ReadOnlySpan<byte> content) =>
        !s_magic.TryGetValue(extension, out var magic) || content.StartsWith(magic);

    public static string StoragePath(long caseId, string sha256) => $"{caseId}/{sha256}";

    public string FullPath(string storagePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, storagePath));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException("Evidence path outside the evidence folder.");
    }

    /// <summary>Writes the content once; the same bytes of the same case land on the same path, so a retry is harmless.</summary>
    public async Task<bool> WriteAsync(string storagePath, byte[] content, CancellationToken ct)
    {
        var path = FullPath(storagePath);
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
        return true;
    }
}
