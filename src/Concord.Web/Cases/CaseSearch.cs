using Concord.Domain.Regions;
using Concord.Domain.Search;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Cases;

/// <summary>
/// Chinese keyword search over cases. Each case has one index document of CJK unigrams and
/// bigrams (see <see cref="CjkTokens"/>) plus one scope token per level of its place, so a
/// two-character keyword is a single term and the user's scope is part of the same match.
/// SQLite: a contentless FTS5 table; PostgreSQL: a tsvector with a GIN index. Both are
/// created by the schema scripts (EF does not model them) and written in the same transaction
/// as the case.
/// </summary>
public static class CaseSearch
{
    /// <summary>Counts stop here: broad matches show "10000+" rather than a slow exact count.</summary>
    public const int CountCap = 10_000;

    public static IReadOnlyList<string> DocumentOf(Case c)
    {
        var tokens = new List<string>(CjkTokens.ForDocument($"{c.Summary} {c.Narrative}"));
        tokens.AddRange(RegionCode.Lineage(c.RegionCode).Select(CjkTokens.ScopeToken));
        return tokens;
    }

    public static async Task IndexAsync(ConcordDb db, IReadOnlyCollection<Case> cases, CancellationToken ct)
    {
        if (cases.Count == 0)
        {
            return;
        }

        foreach (var chunk in cases.Chunk(200))
        {
            var values = new List<object>(chunk.Length * 2);
            var rows = new List<string>(chunk.Length);
            foreach (var c in chunk)
            {
                var tokens = DocumentOf(c);
                rows.Add(db.IsPostgres
                    ? $"({{{values.Count}}}, array_to_tsvector({{{values.Count + 1}}}::text[]))"
                    : $"({{{values.Count}}}, {{{values.Count + 1}}})");
                values.Add(c.Id);
                values.Add(db.IsPostgres ? tokens.ToArray() : string.Join(' ', tokens));
            }

            var sql = db.IsPostgres
                ? $"INSERT INTO case_search (case_id, doc) VALUES {string.Join(", ", rows)} ON CONFLICT (case_id) DO UPDATE SET doc = excluded.doc"
                : $"INSERT OR REPLACE INTO case_search (rowid, doc) VALUES {string.Join(", ", rows)}";
            await db.Database.ExecuteSqlRawAsync(sql, values, ct);
        }
    }

    /// <summary>
    /// Cases matching all keywords inside the scope: an EF query over <c>cases</c>, so callers
    /// compose filters, order and paging on it, and the scope filter still applies.
    /// </summary>
    public static IQueryable<Case> Matching(ConcordDb db, string keywords, string scopeCode)
    {
        var terms = CjkTokens.ForQuery(keywords).ToList();
        if (scopeCode.Length > 0)
        {
            terms.Add(CjkTokens.ScopeToken(scopeCode));
        }

        if (db.IsPostgres)
        {
            var tsquery = string.Join(" & ", terms.Select(t => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'"));
            return db.Cases.FromSqlRaw(
                "SELECT * FROM cases WHERE id IN (SELECT case_id FROM case_search WHERE doc @@ CAST({0} AS tsquery))", tsquery);
        }

        var match = string.Join(" AND ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        return db.Cases.FromSqlRaw(
            "SELECT * FROM cases WHERE id IN (SELECT rowid FROM case_search WHERE case_search MATCH {0})", match);
    }
}
