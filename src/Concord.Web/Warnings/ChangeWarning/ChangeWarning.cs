using System.Globalization;
using Concord.Domain.Warnings;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Warnings.ChangeWarning;

/// <summary>签收 (acknowledge) and 关闭 (close, confirmed, with a note) an early warning of the subtree; both audited.</summary>
public static class ChangeWarning
{
    public sealed record AcknowledgeRequest(string? Note);

    public sealed record CloseRequest(bool Confirmed, string? Note);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task AcknowledgeAsync(long id, AcknowledgeRequest request, CancellationToken ct = default)
        {
            var note = Note(request.Note);
            await using var write = await db.BeginWriteAsync(ct);
            var w = await FindAsync(id, ct);
            if (WarningRules.WarningCanOnlyBeAcknowledgedWhenOpen(w.Status) is { } refusal)
            {
                throw new DomainException(refusal.Code, refusal.Message, 409);
            }

            w.Status = WarningStatus.Acknowledged;
            w.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
            w.AcknowledgedByName = db.Actor.Name;
            w.Note = note ?? w.Note;
            db.Audit("warning.acknowledged", nameof(EarlyWarning), w.Id.ToString(CultureInfo.InvariantCulture), new { kind = w.Kind.ToString(), w.Title, note });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
        }

        public async Task CloseAsync(long id, CloseRequest request, CancellationToken ct = default)
        {
            var note = Note(request.Note);
            await using var write = await db.BeginWriteAsync(ct);
            var w = await FindAsync(id, ct);
            if (WarningRules.WarningIsClosedOnlyOnceWithConfirmationAndNote(w.Status, request.Confirmed, note) is { } refusal)
            {
                if (refusal.Code is "confirmation_required" or "note_required")
                {
                    var errors = new FieldErrors();
                    errors.Add(refusal.Code == "note_required" ? "note" : "confirmed", refusal.Message);
                    errors.ThrowIfAny();
                }

                throw new DomainException(refusal.Code, refusal.Message, 409);
            }

            w.Status = WarningStatus.Closed;
            w.ClosedAt = clock.GetUtcNow().UtcDateTime;
            w.ClosedByName = db.Actor.Name;
            w.Note = note;
            db.Audit("warning.closed", nameof(EarlyWarning), w.Id.ToString(CultureInfo.InvariantCulture), new { kind = w.Kind.ToString(), w.Title, note });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
        }

        private async Task<EarlyWarning> FindAsync(long id, CancellationToken ct) =>
            await db.EarlyWarnings.FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("该预警");

        private static string? Note(string? note)
        {
            var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            if (trimmed is { Length: > 1000 })
            {
                var errors = new FieldErrors();
                errors.Add("note", "说明不能超过 1000 个字。");
                errors.ThrowIfAny();
            }

            return trimmed;
        }
    }
}
