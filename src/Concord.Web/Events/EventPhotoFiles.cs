using System.Security.Cryptography;
using Concord.Web.Mediation.UploadEvidence;
using Concord.Web.Shared;

namespace Concord.Web.Events;

/// <summary>A photo as it arrives: a file name and its bytes (from a form upload, or base64 in JSON).</summary>
public sealed record PhotoUpload(string? FileName, byte[] Content)
{
    public static async Task<PhotoUpload> FromFormAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream((int)Math.Min(file.Length, EventPhotoFiles.MaxBytes + 1));
        await file.OpenReadStream().CopyToAsync(buffer, ct);
        return new PhotoUpload(file.FileName, buffer.ToArray());
    }
}

/// <summary>A checked photo, ready to store.</summary>
public sealed record CheckedPhoto(string FileName, string ContentType, byte[] Content, string Sha256)
{
    public string StoragePath => $"events/{Sha256[..2]}/{Sha256}";
}

/// <summary>
/// Event photos: JPEG, PNG or WebP, at most 10 MB each and 9 per action, extension and magic
/// bytes agreeing; stored content-addressed under the evidence folder (never under wwwroot) and
/// served only through the scoped download. Content addressing makes a retried upload land on
/// the same file, so a write that fails after the file was written leaves nothing inconsistent.
/// </summary>
public sealed class EventPhotoFiles(EvidenceFiles files)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerAction = 9;
    public const string Accept = ".jpg,.jpeg,.png,.webp";

    private static readonly Dictionary<string, (string ContentType, byte[] Magic)> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        [".webp"] = ("image/webp", "RIFF"u8.ToArray()),
    };

    /// <summary>Checks every photo; problems are added to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public static List<CheckedPhoto> Check(IReadOnlyList<PhotoUpload>? photos, FieldErrors errors, string field = "photos")
    {
        var result = new List<CheckedPhoto>();
        if (photos is null)
        {
            return result;
        }

        if (photos.Count > MaxPerAction)
        {
            errors.Add(field, $"每次最多上传 {MaxPerAction} 张照片。");
            return result;
        }

        for (var i = 0; i < photos.Count; i++)
        {
            var p = photos[i];
            var name = Path.GetFileName(p.FileName?.Trim() ?? "");
            var extension = Path.GetExtension(name);
            if (p.Content.Length == 0)
            {
                errors.Add(field, $"第 {i + 1} 张照片是空文件。");
            }
            else if (p.Content.LongLength > MaxBytes)
            {
                errors.Add(field, $"第 {i + 1} 张照片超过 10 MB。");
            }
            else if (!s_types.TryGetValue(extension, out var type))
            {
                errors.Add(field, $"第 {i + 1} 张照片格式不支持，只能上传 JPG、PNG 或 WebP 图片。");
            }
            else if (!p.Content.AsSpan().StartsWith(type.Magic) || (extension.Equals(".webp", StringComparison.OrdinalIgnoreCase) && !IsWebp(p.Content)))
            {
                errors.Add(field, $"第 {i + 1} 张照片的内容与扩展名“{extension.ToLowerInvariant()}”不符，请上传真实的图片。");
            }
            else if (name.Length > 255)
            {
                errors.Add(field, $"第 {i + 1} 张照片的文件名不能超过 255 个字符。");
            }
            else
            {
                var sha = Convert.ToHexStringLower(SHA256.HashData(p.Content));
                if (result.All(r => r.Sha256 != sha))
                {
                    result.Add(new CheckedPhoto(name, type.ContentType, p.Content, sha));
                }
            }
        }

        return result;
    }

    private static bool IsWebp(byte[] content) => content.Length >= 12 && content.AsSpan(8, 4).SequenceEqual("WEBP"u8);

    public async Task WriteAsync(IEnumerable<CheckedPhoto> photos, CancellationToken ct)
    {
        foreach (var p in photos)
        {
            await files.WriteAsync(p.StoragePath, p.Content, ct);
        }
    }

    public Stream? Open(string storagePath)
    {
        var path = files.FullPath(storagePath);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    public static EventPhoto ToRow(CheckedPhoto p, GridEvent e, PhotoPurpose purpose, long? userId, DateTime now) => new()
    {
        EventId = e.Id,
        RegionCode = e.RegionCode,
        Purpose = purpose,
        FileName = p.FileName,
        ContentType = p.ContentType,
        SizeBytes = p.Content.LongLength,
        Sha256 = p.Sha256,
        StoragePath = p.StoragePath,
        UploadedByUserId = userId,
        UploadedAt = now,
    };

    public static string PurposeLabel(PhotoPurpose purpose) => purpose switch
    {
        PhotoPurpose.Report => "现场照片",
        PhotoPurpose.Proof => "处置后照片",
        PhotoPurpose.Reply => "部门反馈照片",
        _ => purpose.ToString(),
    };
}
