using System.Globalization;
using System.Security.Cryptography;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Mediation.UploadEvidence;

/// <summary>
/// 证据材料: uploads (≤ 10 MB; pdf, jpg, png, docx, mp3, m4a; extension and, where the format
/// has one, the file's magic bytes must agree), the SHA-256 of each, and the scoped download.
/// </summary>
public static class UploadEvidence
{
    public sealed record View(long Id, string FileName, string ContentType, long SizeBytes, string Sha256, string? Description, DateTime UploadedAt);

    public sealed record Download(string FileName, string ContentType, Stream Content);

    public const string Accept = ".pdf,.jpg,.jpeg,.png,.docx,.mp3,.m4a";

    public sealed class Handler(ConcordDb db, MediationAccess access, EvidenceFiles files)
    {
        public async Task<View> UploadAsync(string code, IFormFile? file, string? description, CancellationToken ct = default)
        {
            var c = await access.ForWriteAsync(code, ct);
            var errors = new FieldErrors();
            var fileName = file is null ? null : RecordSession.RecordSession.Clean(Path.GetFileName(file.FileName));
            var extension = Path.GetExtension(fileName ?? "");
            byte[]? content = null;
            if (file is null || file.Length == 0 || fileName is null)
            {
                errors.Add("file", "请选择要上传的文件。");
            }
            else if (file.Length > EvidenceFiles.MaxBytes)
            {
                errors.Add("file", $"文件不能超过 10 MB（当前 {Size(file.Length)}）。");
            }
            else if (!EvidenceFiles.ContentTypes.ContainsKey(extension))
            {
                errors.Add("file", "只能上传 PDF、JPG、PNG、DOCX、MP3、M4A 格式的文件。");
            }
            else if (fileName.Length > 255)
            {
                errors.Add("file", "文件名不能超过 255 个字符。");
            }
            else
            {
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
                if (!EvidenceFiles.ContentMatches(extension, content))
                {
                    errors.Add("file", $"文件内容与扩展名“{extension.ToLowerInvariant()}”不符，请上传真实的文件。");
                }
            }

            var note = RecordSession.RecordSession.Clean(description);
            RecordSession.RecordSession.Length(errors, "description", note, 500);
            errors.ThrowIfAny();

            var sha = Convert.ToHexStringLower(SHA256.HashData(content!));
            if (await db.Evidence.AnyAsync(e => e.CaseId == c.Id && e.Sha256 == sha, ct))
            {
                errors.Add("file", "该文件已上传过（SHA-256 相同）。");
                errors.ThrowIfAny();
            }

            var evidence = new Evidence
            {
                CaseId = c.Id,
                RegionCode = c.RegionCode,
                FileName = fileName!,
                ContentType = EvidenceFiles.ContentTypes[extension],
                SizeBytes = content!.LongLength,
                Sha256 = sha,
                StoragePath = EvidenceFiles.StoragePath(c.Id, sha),
                Description = note,
                UploadedByUserId = db.Actor.UserId,
                UploadedAt = access.AddTimeline(c, "evidence", $"上传证据材料“{fileName}”（{Size(content.LongLength)}，SHA-256 {sha[..12]}…）"),
            };
            db.Evidence.Add(evidence);

            // No file name (it may name a person) and no content: the digest identifies the file.
            db.Audit("mediation.evidence_uploaded", "Evidence", $"{c.Code}/{sha[..16]}", new { sha256 = sha, sizeBytes = evidence.SizeBytes, contentType = evidence.ContentType });
            var created = await files.WriteAsync(evidence.StoragePath, content, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch when (created)
            {
                File.Delete(files.FullPath(evidence.StoragePath));
                throw;
            }

            return ToView(evidence);
        }

        public async Task<IReadOnlyList<View>> ListAsync(string code, CancellationToken ct = default)
        {
            var c = await access.ForReadAsync(code, ct);
            var rows = await db.Evidence.AsNoTracking().Where(e => e.CaseId == c.Id).OrderBy(e => e.Id).ToListAsync(ct);
            return [.. rows.Select(ToView)];
        }

        /// <summary>Opens one file of a case in the actor's scope; another subtree's case or file does not exist.</summary>
        public async Task<Download> OpenAsync(string code, long id, CancellationToken ct = default)
        {
            var c = await access.ForReadAsync(code, ct);
            var e = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.CaseId == c.Id, ct) ?? throw new NotFoundException("该证据材料");
            var path = files.FullPath(e.StoragePath);
            return File.Exists(path)
                ? new Download(e.FileName, e.ContentType, File.OpenRead(path))
                : throw new NotFoundException("该证据材料的文件");
        }

        private static View ToView(Evidence e) => new(e.Id, e.FileName, e.ContentType, e.SizeBytes, e.Sha256, e.Description, e.UploadedAt);
    }

    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, (bytes + 1023) / 1024).ToString(CultureInfo.InvariantCulture) + " KB";
}
