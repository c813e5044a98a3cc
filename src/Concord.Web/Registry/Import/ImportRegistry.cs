using System.Security.Cryptography;
using System.Text.Json;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Import;

/// <summary>
/// Import of a registry from a filled-in template (.xlsx or .csv), all or nothing: every row is
/// checked with the form's rules, against the uploader's scope and against what is stored; one
/// bad row and nothing is saved, the row-by-row report is shown and kept for download. The same
/// file uploaded again by the same user after it was imported is not imported twice (its SHA-256
/// is remembered): a double-submitted form gets the first upload's result.
/// </summary>
public static class ImportRegistry
{
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>Errors shown on the page and in the API answer; the downloadable report has them all.</summary>
    public const int ErrorsShown = 500;

    public sealed record Result(long ImportId, string Kind, string Title, bool Imported, bool Replayed, int Rows, int Saved, int ErrorCount,
        IReadOnlyList<RowError> Errors, string ReportUrl);

    public sealed class Handler(RegistryContext registry)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public static ImportKind KindOf(string? kind) => ImportKind.Find(kind) ?? throw new NotFoundException("该导入类型");

        public static (string FileName, string ContentType, byte[] Content) Template(string? kind, string? format)
        {
            var template = KindOf(kind).Template;
            var name = $"{template.Title}导入模板";
            if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                return ($"{name}.csv", "text/csv; charset=utf-8", Spreadsheet.WriteCsv(template.Headers, []));
            }

            var help = template.Columns.Select(c => (IReadOnlyList<string>)[c.Header, c.Required ? "必填" : "选填", c.Hint]);
            return ($"{name}.xlsx", XlsxType, Spreadsheet.WriteXlsx(
                (template.Title, template.Headers, []),
                ("填写说明", ["列名", "是否必填", "填写说明"], help)));
        }

        public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

        public async Task<Result> ImportAsync(string? kind, string fileName, byte[] content, CancellationToken ct = default)
        {
            var importKind = KindOf(kind);
            var template = importKind.Template;
            var userId = registry.Actor.UserId ?? throw new DomainException("import_needs_user", "导入须由登录用户进行。", 403);
            if (content.Length == 0)
            {
                throw new DomainException("import_empty", "上传的文件是空的。");
            }

            if (content.Length > MaxBytes)
            {
                throw new DomainException("import_too_large", "文件不能超过 20 MB，请分成几个文件上传。");
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            if (await EarlierAsync(userId, template.Kind, hash, ct) is { } earlier)
            {
                return earlier;
            }

            var table = Spreadsheet.Read(fileName, content);
            var check = template.Check(table.Headers);
            if (!check.Matches)
            {
                throw new DomainException("import_wrong_template", check.Message(template.Title));
            }

            if (table.Rows.Count == 0)
            {
                throw new DomainException("import_no_rows", "文件中只有表头，没有数据行。");
            }

            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < table.Headers.Count; i++)
            {
                columns.TryAdd(table.Headers[i].Trim().TrimStart('*'), i);
            }

            var errors = new List<RowError>();
            var rows = table.Rows.Select(r => new ImportRow(r, columns)).ToList();
            var prepared = new List<(ImportRow Row, object Item)>();
            foreach (var row in rows)
            {
                if (importKind.Prepare(row, errors) is { } item)
                {
                    prepared.Add((row, item));
                }
            }

            await CheckPlacesAsync(importKind, rows, errors, ct);
            var placeErrors = errors.Where(e => e.Column == importKind.RegionHeader).Select(e => e.Row).ToHashSet();
            await importKind.CheckAsync([.. prepared.Where(p => !placeErrors.Contains(p.Row.Number))], registry, errors, ct);
            errors = [.. errors.OrderBy(e => e.Row).ThenBy(e => template.Headers.ToList().IndexOf(e.Column))];

            await using var tx = await Db.BeginWriteAsync(ct);
            if (errors.Count == 0 && await EarlierAsync(userId, template.Kind, hash, ct) is { } raced)
            {
                // The same upload, submitted twice, waited for the first one at the write gate.
                return raced;
            }

            var saved = errors.Count == 0 ? importKind.Add(prepared, registry) : 0;
            var record = new RegistryImport
            {
                RegionCode = registry.Actor.ScopeCode ?? "",
                Kind = template.Kind,
                FileName = Path.GetFileName(fileName) is { Length: <= 200 } n ? n : "upload",
                FileHash = hash,
                UserId = userId,
                Imported = errors.Count == 0,
                Rows = rows.Count,
                Errors = errors.Count,
                Report = JsonSerializer.Serialize(errors),
                CreatedAt = registry.Now,
            };
            Db.RegistryImports.Add(record);
            Db.AuditNew(record.Imported ? "registry.imported" : "registry.import_rejected", record,
                new { kind = template.Kind, record.FileName, record.FileHash, record.Rows, saved, errors = errors.Count });
            await Db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return ToResult(record, template, saved, replayed: false, errors);
        }

        /// <summary>Every row's place: a code of the right level, existing, and inside the uploader's subtree.</summary>
        private async Task CheckPlacesAsync(ImportKind kind, IReadOnlyList<ImportRow> rows, List<RowError> errors, CancellationToken ct)
        {
            var header = kind.RegionHeader;
            var codes = rows.Select(r => r[header]).Where(c => c is not null).Select(c => c!).Distinct(StringComparer.Ordinal).ToList();
            var visible = new HashSet<string>(StringComparer.Ordinal);
            var existing = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in codes.Chunk(500))
            {
                visible.UnionWith(await Db.Regions.AsNoTracking().Where(r => chunk.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct));

                // Place codes are public (GB/T 2260 and the statistics bureau's): saying that one exists but is not the uploader's tells nothing secret.
                existing.UnionWith(await Db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => chunk.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct));
            }

            foreach (var row in rows)
            {
                var code = row[header];
                if (code is null)
                {
                    if (!errors.Any(e => e.Row == row.Number && e.Column == header))
                    {
                        errors.Add(new RowError(row.Number, header, "请填写所在区划编码。"));
                    }
                }
                else if (!RegionCode.TryGetLevel(code, out var level) || !kind.Levels.Contains(level))
                {
                    errors.Add(new RowError(row.Number, header, $"“{code}”不是{RegistryContext.LevelNames(kind.Levels)}编码。"));
                }
                else if (!existing.Contains(code))
                {
                    errors.Add(new RowError(row.Number, header, $"区划编码“{code}”不存在。"));
                }
                else if (!visible.Contains(code))
                {
                    errors.Add(new RowError(row.Number, header, $"区划“{code}”不在您的管辖范围内，不能导入。"));
                }
            }
        }

        private async Task<Result?> EarlierAsync(long userId, string kind, string hash, CancellationToken ct)
        {
            var earlier = await Db.RegistryImports.AsNoTracking()
                .Where(i => i.UserId == userId && i.FileHash == hash && i.Kind == kind && i.Imported).OrderBy(i => i.Id).FirstOrDefaultAsync(ct);
            return earlier is null ? null : ToResult(earlier, KindOf(kind).Template, 0, replayed: true, []);
        }

        public async Task<Result> GetAsync(long id, CancellationToken ct = default)
        {
            var record = await Db.RegistryImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("该导入记录");
            var errors = JsonSerializer.Deserialize<List<RowError>>(record.Report) ?? [];
            return ToResult(record, KindOf(record.Kind).Template, record.Imported ? record.Rows : 0, replayed: false, errors);
        }

        public async Task<(string FileName, string ContentType, byte[] Content)> ReportAsync(long id, string? format, CancellationToken ct = default)
        {
            var record = await Db.RegistryImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("该导入记录");
            var errors = JsonSerializer.Deserialize<List<RowError>>(record.Report) ?? [];
            IReadOnlyList<string> headers = ["行号", "列", "原因"];
            var rows = errors.Select(e => (IReadOnlyList<string>)[e.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Column, e.Reason]);
            var name = $"导入错误报告-{record.Id}";
            return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
                ? ($"{name}.xlsx", XlsxType, Spreadsheet.WriteXlsx(("错误报告", headers, rows)))
                : ($"{name}.csv", "text/csv; charset=utf-8", Spreadsheet.WriteCsv(headers, rows));
        }

        private static Result ToResult(RegistryImport record, ImportTemplate template, int saved, bool replayed, IReadOnlyList<RowError> errors) =>
            new(record.Id, record.Kind, template.Title, record.Imported, replayed, record.Rows, saved, record.Errors,
                [.. errors.Take(ErrorsShown)], $"/api/registry/imports/{record.Id}/report");
    }
}
