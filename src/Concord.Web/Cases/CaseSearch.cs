using Concord.Domain.Regions;
using Concord.Domain.Search;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

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

    public static IReadOnlyList<string> DocumentOf(Case c) => DocumentOf(c.Summary, c.Narrative, c.RegionCode);

    public static IReadOnlyList<string> DocumentOf(string summary, string narrative, string regionCode)
    {
        var tokens = new List<string>(CjkTokens.ForDocument($"{summary} {narrative}"));
        tokens.AddRange(RegionCode.Lineage(regionCode).Select(CjkTokens.ScopeToken));
        return tokens;
    }

    public static Task IndexAsync(ConcordDb db, IReadOnlyCollection<Case> cases, CancellationToken ct) =>
        WriteDocumentsAsync(db, [.. cases.Select(c => (c.Id, DocumentOf(c)))], ct);

    /// <summary>Writes (or replaces) the index documents of cases, inside the caller's write transaction.</summary>
    public static async Task WriteDocumentsAsync(ConcordDb db, IReadOnlyList<(long CaseId, IReadOnlyList<string> Tokens)> documents, CancellationToken ct,
        PreparedCommands? prepared = null)
    {
        if (documents.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (!db.IsPostgres)
        {
            // In-process: one prepared statement, a bind and a step per document.
            var own = prepared is null ? new PreparedCommands() : null;
            try
            {
                var insert = await (prepared ?? own!).GetAsync(db, "INSERT OR REPLACE INTO case_search (rowid, doc) VALUES ($id, $doc)", ["$id", "$doc"], null, ct);
                foreach (var (caseId, tokens) in documents)
                {
                    insert.Parameters[0].Value = caseId;
                    insert.Parameters[1].Value = string.Join(' ', tokens);
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }
            finally
            {
                if (own is not null)
                {
                    await own.DisposeAsync();
                }
            }

            return;
        }

        foreach (var chunk in documents.Chunk(500))
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            var rows = new List<string>(chunk.Length);
            foreach (var (caseId, tokens) in chunk)
            {
                rows.Add($"(${cmd.Parameters.Count + 1}, array_to_tsvector(${cmd.Parameters.Count + 2}::text[]))");
                cmd.Parameters.Add(new NpgsqlParameter { Value = caseId });
                cmd.Parameters.Add(new NpgsqlParameter { Value = tokens as string[] ?? [.. tokens] });
            }

            cmd.CommandText = $"INSERT INTO case_search (case_id, doc) VALUES {string.Join(", ", rows)} ON CONFLICT (case_id) DO UPDATE SET doc = excluded.doc";
            await cmd.ExecuteNonQueryAsync(ct);
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
