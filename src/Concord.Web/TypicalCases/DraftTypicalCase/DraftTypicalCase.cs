using System.Globalization;
using System.Text.Json;
using Concord.Domain.Cases;
using Concord.Domain.Privacy;
using Concord.Domain.TypicalCases;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.TypicalCases.DraftTypicalCase;

/// <summary>
/// A reviewer picks a closed case; Concord anonymises its texts and keeps the result as a
/// draft typical case with the list of what it replaced (originals masked). One typical case
/// per source case: asking again answers the one that exists.
/// </summary>
public static class DraftTypicalCase
{
    public sealed record Request(string? CaseCode);

    public sealed record Result(long Id, bool Created);

    /// <summary>One replacement as stored and shown to the reviewer: ID numbers, phones and addresses masked.</summary>
    public sealed record StoredReplacement(string Field, string Kind, string KindLabel, string Original, string Text);

    public sealed record Candidate(string Code, string Summary, string Category, DateTime ClosedAt);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed class Handler(TypicalCaseSource source, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct = default)
        {
            if (string.IsNullOrWhiteSpace(request.CaseCode))
            {
                var errors = new FieldErrors();
                errors.Add("caseCode", "请填写案件编号。");
                errors.ThrowIfAny();
            }

            var db = source.Db;
            var loaded = await source.LoadAsync(request.CaseCode, ct);
            var c = loaded.Case;
            if (c.Status != CaseStatus.Closed)
            {
                throw new DomainException("case_not_closed", $"案件 {c.Code} 尚未结案（{CaseLabels.Of(c.Status)}），只有已结案的案件才能选为典型案例。", 409);
            }

            var existing = await db.TypicalCases.AsNoTracking().Where(t => t.SourceCaseId == c.Id).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
            if (existing is { } id)
            {
                return new Result(id, false);
            }

            var anonymiser = new Anonymiser(loaded.Input);
            var summary = anonymiser.Anonymise(loaded.Texts.Summary);
            var narrative = anonymiser.Anonymise(loaded.Texts.Narrative);
            var result = anonymiser.Anonymise(loaded.Texts.Result);
            var replacements = Stored("summary", summary).Concat(Stored("narrative", narrative)).Concat(Stored("result", result)).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            var typical = new TypicalCase
            {
                RegionCode = c.RegionCode,
                SourceCaseId = c.Id,
                CategoryCode = c.CategoryCode,
                Title = Clip(summary.Text, 100),
                PlaceName = loaded.PlaceName,
                Period = loaded.Period,
                Summary = Clip(summary.Text, 500),
                Narrative = Clip(narrative.Text, 8000),
                Result = Clip(result.Text, 4000),
                Status = TypicalCaseStatus.Draft,
                Replacements = JsonSerializer.Serialize(replacements, Json),
                CreatedAt = now,
                UpdatedAt = now,
                CreatedByUserId = db.Actor.UserId,
                CreatedByName = db.Actor.Name,
            };
            db.TypicalCases.Add(typical);
            db.AuditNew("typical_case.drafted", typical, new { caseCode = c.Code, typical.Title, replaced = replacements.Count });
            await db.SaveChangesAsync(ct);
            return new Result(typical.Id, true);
        }

        /// <summary>Closed cases of the actor's scope that have no typical case yet, latest first.</summary>
        public async Task<IReadOnlyList<Candidate>> CandidatesAsync(string? q, CancellationToken ct = default)
        {
            var db = source.Db;
            var query = db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Closed && !db.TypicalCases.Any(t => t.SourceCaseId == c.Id));
            if (!string.IsNullOrWhiteSpace(q))
            {
                var term = q.Trim();
                query = query.Where(c => c.Code == term || c.Summary.Contains(term));
            }

            var rows = await query.OrderByDescending(c => c.UpdatedAt).Take(20).Select(c => new { c.Code, c.Summary, c.CategoryCode, c.UpdatedAt }).ToListAsync(ct);
            return [.. rows.Select(r => new Candidate(r.Code, r.Summary, Categories.NameOf(r.CategoryCode), r.UpdatedAt))];
        }
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private static IEnumerable<StoredReplacement> Stored(string field, AnonymisedText text) =>
        text.Replacements.Select(r => new StoredReplacement(field, r.Kind.ToString(), ReplacementKinds.Label(r.Kind), Masked(r), r.Text));

    /// <summary>Names stay readable for the reviewer (they are in clear on the case too); numbers and addresses are masked.</summary>
    private static string Masked(Replacement r)
    {
        var digits = new string([.. r.Original.Where(ch => char.IsAsciiDigit(ch) || ch is 'X' or 'x')]);
        return r.Kind switch
        {
            ReplacementKind.PersonName or ReplacementKind.OrganisationName => r.Original,
            ReplacementKind.IdNumber => IdNumber.Mask(digits),
            ReplacementKind.Phone or ReplacementKind.BankCard => Phone.Mask(digits),
            ReplacementKind.Address => r.Original.Length <= 2 ? r.Original : r.Original[..2] + "****",
            _ => r.Original.Length <= 3 ? new string('*', r.Original.Length) : r.Original[..2] + new string('*', Math.Min(6, r.Original.Length - 2)),
        };
    }

    public static IReadOnlyList<StoredReplacement> ReadReplacements(string json) =>
        JsonSerializer.Deserialize<List<StoredReplacement>>(json, Json) ?? [];

    public static string FieldLabel(string field) => field switch
    {
        "title" => "标题",
        "summary" => "简要案情",
        "narrative" => "案情经过",
        "result" => "调解结果",
        "commentary" => "典型意义",
        _ => field.ToString(CultureInfo.InvariantCulture),
    };
}
