using Concord.Domain.Cases;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// Writes generated cases with their parties, timelines and search documents in bulk. Ids are
/// handed out in write order (so "newest first" is id order, as for real intake) and case codes
/// continue each county's sequence for the year; <see cref="FinishAsync"/> stores where the
/// sequences stopped, so that later intakes do not collide with generated codes.
/// </summary>
public sealed class CaseBulkWriter
{
    private readonly ConcordDb _db;
    private readonly BulkLoader _loader;
    private readonly Dictionary<(string County, int Year), CaseSequence> _sequences;
    private readonly BulkTable _searchTable;
    private long _caseId;
    private long _partyId;
    private long _eventId;
    private readonly Domain.Dashboard.RollupDelta _rollups = new();

    private CaseBulkWriter(ConcordDb db, BulkLoader loader, Dictionary<(string, int), CaseSequence> sequences)
    {
        _db = db;
        _loader = loader;
        _sequences = sequences;
        _searchTable = BulkTables.CaseSearch(loader.IsPostgres);
    }

    public long Cases { get; private set; }

    /// <summary>
    /// Case rows (and their roll-ups) only — no parties, timelines or search documents: for the
    /// dashboard benchmark at 10 M cases, which reads none of those (<c>--lean-cases</c>).
    /// </summary>
    public bool Lean { get; set; }

    public long Parties { get; private set; }

    public long Events { get; private set; }

    /// <summary>Call inside the write transaction: reads the current largest ids and the case sequences (tracked, saved with the audit).</summary>
    public static async Task<CaseBulkWriter> StartAsync(ConcordDb db, BulkLoader loader, CancellationToken ct)
    {
        var sequences = await db.CaseSequences.ToDictionaryAsync(s => (s.CountyCode, s.Year), ct);
        if (loader.IsPostgres)
        {
            await loader.ExecuteAsync(BulkTables.CreateSearchStaging, ct);
        }

        return new CaseBulkWriter(db, loader, sequences)
        {
            _caseId = await loader.MaxIdAsync("cases", "id", ct),
            _partyId = await loader.MaxIdAsync("case_parties", "id", ct),
            _eventId = await loader.MaxIdAsync("case_events", "id", ct),
        };
    }

    /// <summary>Writes drafts in the order given; give them oldest first.</summary>
    public async Task WriteAsync(IReadOnlyList<CaseDraft> drafts, CancellationToken ct)
    {
        var cases = new List<object?[]>(drafts.Count);
        var parties = new List<object?[]>(drafts.Count * 2);
        var events = new List<object?[]>(drafts.Count * 4);
        var search = new List<object?[]>(drafts.Count);
        foreach (var d in drafts)
        {
            var id = ++_caseId;
            var county = d.Place.VillageCode[..6];
            var code = CaseCode.Format(county, d.RegisteredAt.Year, NextSequence(county, d.RegisteredAt.Year));
            cases.Add(
            [
                id, code, d.RegionCode, d.Place.VillageCode, d.GridCode, d.Channel.ToString(), d.CategoryCode, d.Summary, d.Narrative,
                d.AmountFen, d.PeopleInvolved, d.Status.ToString(), d.RiskLevel.ToString(), d.Urgent, d.Place.CentreOrgId, null,
                d.RegisteredAt, d.UpdatedAt, d.ConcludedAt, d.Outcome?.ToString(), d.ConcludedOnTime, d.Rating?.ToString(), d.GroupDispute,
            ]);
            _rollups.Add(null, d.Figures());
            foreach (var p in d.Parties)
            {
                parties.Add(
                [
                    ++_partyId, id, d.RegionCode, p.Role.ToString(), p.Kind.ToString(), p.Name,
                    p.IdNumber.Cipher, p.IdNumber.Digest, p.IdNumber.Masked, p.Phone.Cipher, p.Phone.Digest, p.Phone.Masked,
                ]);
            }

            foreach (var e in d.Events)
            {
                events.Add([++_eventId, id, d.RegionCode, e.At, e.Kind, e.Text, e.ActorName, e.ActorOrgName]);
            }

            search.Add([id, BulkTables.SearchDocument(_loader.IsPostgres, d.Document)]);
        }

        await _loader.WriteAsync(BulkTables.Cases, cases, ct);
        if (Lean)
        {
            Cases += cases.Count;
            return;
        }

        await _loader.WriteAsync(BulkTables.CaseParties, parties, ct);
        await _loader.WriteAsync(BulkTables.CaseEvents, events, ct);
        await _loader.WriteAsync(_searchTable, search, ct);
        if (_loader.IsPostgres)
        {
            await _loader.ExecuteAsync(BulkTables.MoveSearchStaging, ct);
        }
        Cases += cases.Count;
        Parties += parties.Count;
        Events += events.Count;
    }

    /// <summary>Moves identity sequences past the generated ids; the case sequences are saved by the caller's SaveChangesAsync.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        await _loader.SyncIdentityAsync("cases", ct);
        await _loader.SyncIdentityAsync("case_parties", ct);
        await _loader.SyncIdentityAsync("case_events", ct);
        // The dashboard roll-ups of what was loaded, in the same transaction.
        await Dashboard.RollupStore.WriteBulkAsync(_db, _loader, _rollups, ct);
        _rollups.Clear();
    }

    private long NextSequence(string county, int year)
    {
        if (!_sequences.TryGetValue((county, year), out var sequence))
        {
            sequence = new CaseSequence { CountyCode = county, Year = year, Next = 1 };
            _db.CaseSequences.Add(sequence);
            _sequences[(county, year)] = sequence;
        }

        return sequence.Next++;
    }
}
