using System.Globalization;
using Concord.Domain.Cases;
using Concord.Domain.TypicalCases;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using static Concord.Web.TypicalCases.DraftTypicalCase.DraftTypicalCase;

namespace Concord.Web.TypicalCases.ReviewTypicalCase;

/// <summary>
/// The reviewer edits the anonymised draft beside the list of what was replaced, then
/// publishes it — after a final guard that scans the (possibly edited) texts for any name, ID
/// number or phone of the source case's parties and refuses, naming what it found. A published
/// case can be taken down with a reason.
/// </summary>
public static class ReviewTypicalCase
{
    public sealed record EditRequest(string? Title, string? CategoryCode, string? Summary, string? Narrative, string? Result, string? Commentary);

    public sealed record UnpublishRequest(string? Reason);

    public sealed record Row(long Id, string Title, string Category, string PlaceName, string Period, string Status, string StatusLabel, DateTime UpdatedAt, DateTime? PublishedAt);

    public sealed record View(
        long Id, string CaseCode, string Title, string CategoryCode, string Category, string PlaceName, string Period,
        string Summary, string Narrative, string Result, string? Commentary, string Status, string StatusLabel,
        string CreatedByName, DateTime CreatedAt, DateTime? PublishedAt, string? PublishedByName, DateTime? UnpublishedAt, string? UnpublishReason,
        IReadOnlyList<StoredReplacement> Replacements);

    /// <summary>The guard found something of a party in the text: publication refused, naming it and where.</summary>
    public sealed class PublicationRefused(string message, IReadOnlyList<string> found)
        : DomainException("personal_data_found", message, 422)
    {
        public IReadOnlyList<string> Found { get; } = found;
    }

    public static string Label(TypicalCaseStatus status) => status switch
    {
        TypicalCaseStatus.Draft => "待审核",
        TypicalCaseStatus.Published => "已发布",
        TypicalCaseStatus.Unpublished => "已撤下",
        _ => status.ToString(),
    };

    public sealed class Handler(TypicalCaseSource source, TimeProvider clock)
    {
        public async Task<IReadOnlyList<Row>> ListAsync(CancellationToken ct = default)
        {
            var rows = await source.Db.TypicalCases.AsNoTracking().OrderByDescending(t => t.UpdatedAt).Take(200).ToListAsync(ct);
            return [.. rows.Select(t => new Row(t.Id, t.Title, Categories.NameOf(t.CategoryCode), t.PlaceName, t.Period, t.Status.ToString(), Label(t.Status), t.UpdatedAt, t.PublishedAt))];
        }

        public async Task<View> GetAsync(long id, CancellationToken ct = default)
        {
            var t = await FindAsync(id, ct);
            var code = await source.Db.Cases.AsNoTracking().Where(c => c.Id == t.SourceCaseId).Select(c => c.Code).FirstOrDefaultAsync(ct) ?? "";
            return new View(t.Id, code, t.Title, t.CategoryCode, Categories.NameOf(t.CategoryCode), t.PlaceName, t.Period, t.Summary, t.Narrative, t.Result,
                t.Commentary, t.Status.ToString(), Label(t.Status), t.CreatedByName, t.CreatedAt, t.PublishedAt, t.PublishedByName, t.UnpublishedAt, t.UnpublishReason,
                ReadReplacements(t.Replacements));
        }

        public async Task EditAsync(long id, EditRequest request, CancellationToken ct = default)
        {
            var t = await FindAsync(id, ct);
            Apply(t, request);
            source.Db.Audit("typical_case.edited", nameof(TypicalCase), Id(t), new { t.Title, t.CategoryCode });
            await source.Db.SaveChangesAsync(ct);
        }

        /// <summary>Publishes, with the reviewer's last edits if given: both or neither, the guard reading the edited texts.</summary>
        public async Task PublishAsync(long id, EditRequest? edit = null, CancellationToken ct = default)
        {
            var t = await FindAsync(id, ct);
            if (t.Status == TypicalCaseStatus.Published)
            {
                throw new DomainException("already_published", "该典型案例已发布。", 409);
            }

            if (edit is not null)
            {
                Apply(t, edit);
            }

            if (string.IsNullOrWhiteSpace(t.Commentary))
            {
                var errors = new FieldErrors();
                errors.Add("commentary", "发布前请填写典型意义（本案的经验和启示）。");
                errors.ThrowIfAny();
            }

            await GuardAsync(t, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            t.Status = TypicalCaseStatus.Published;
            t.PublishedAt = now;
            t.PublishedByName = source.Db.Actor.Name;
            t.UnpublishedAt = null;
            t.UnpublishReason = null;
            t.UpdatedAt = now;
            source.Db.Audit("typical_case.published", nameof(TypicalCase), Id(t), new { t.Title });
            await source.Db.SaveChangesAsync(ct);
        }

        public async Task UnpublishAsync(long id, UnpublishRequest request, CancellationToken ct = default)
        {
            var t = await FindAsync(id, ct);
            var errors = new FieldErrors();
            Required(request.Reason, "reason", "撤下原因", 200, errors);
            errors.ThrowIfAny();
            if (t.Status != TypicalCaseStatus.Published)
            {
                throw new DomainException("not_published", "该典型案例未发布，无需撤下。", 409);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            t.Status = TypicalCaseStatus.Unpublished;
            t.UnpublishedAt = now;
            t.UnpublishReason = request.Reason!.Trim();
            t.UpdatedAt = now;
            source.Db.Audit("typical_case.unpublished", nameof(TypicalCase), Id(t), new { t.Title, reason = t.UnpublishReason });
            await source.Db.SaveChangesAsync(ct);
        }

        /// <summary>The final check, on what will be published: the texts as they stand now, against the source case's parties.</summary>
        private async Task GuardAsync(TypicalCase t, CancellationToken ct)
        {
            var loaded = await source.LoadAsync(t.SourceCaseId, ct);
            var anonymiser = new Anonymiser(loaded.Input);
            var found = new List<string>();
            foreach (var (field, text) in new[] { ("title", t.Title), ("summary", t.Summary), ("narrative", t.Narrative), ("result", t.Result), ("commentary", t.Commentary) })
            {
                found.AddRange(anonymiser.Check(text).Select(f => $"{FieldLabel(field)}中有{f.Describe()}"));
            }

            if (found.Count > 0)
            {
                throw new PublicationRefused("不能发布：" + string.Join("；", found) + "。请修改后再发布。", found);
            }
        }

        private void Apply(TypicalCase t, EditRequest request)
        {
            if (t.Status == TypicalCaseStatus.Published)
            {
                throw new DomainException("already_published", "已发布的典型案例不能直接修改，请先撤下再修改。", 409);
            }

            var errors = new FieldErrors();
            Required(request.Title, "title", "标题", 100, errors);
            Required(request.Summary, "summary", "简要案情", 500, errors);
            Required(request.Narrative, "narrative", "案情经过", 8000, errors);
            Required(request.Result, "result", "调解结果", 4000, errors);
            if (request.Commentary is { Length: > 2000 })
            {
                errors.Add("commentary", "典型意义不能超过 2000 字。");
            }

            if (Categories.Find(request.CategoryCode) is null)
            {
                errors.Add("categoryCode", "请选择纠纷类别。");
            }

            errors.ThrowIfAny();
            t.Title = request.Title!.Trim();
            t.CategoryCode = request.CategoryCode!;
            t.Summary = request.Summary!.Trim();
            t.Narrative = request.Narrative!.Trim();
            t.Result = request.Result!.Trim();
            t.Commentary = string.IsNullOrWhiteSpace(request.Commentary) ? null : request.Commentary.Trim();
            t.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }

        private async Task<TypicalCase> FindAsync(long id, CancellationToken ct) =>
            await source.Db.TypicalCases.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("该典型案例");

        private static string Id(TypicalCase t) => t.Id.ToString(CultureInfo.InvariantCulture);

        private static void Required(string? value, string field, string label, int max, FieldErrors errors)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(field, $"请填写{label}。");
            }
            else if (value.Trim().Length > max)
            {
                errors.Add(field, $"{label}不能超过 {max} 字。");
            }
        }
    }
}
