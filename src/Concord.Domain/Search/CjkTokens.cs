using System.Text;

namespace Concord.Domain.Search;

/// <summary>
/// Turns Chinese text into a search document of CJK unigrams and bigrams, so that any
/// 1- or 2-character keyword is a single index term and longer keywords are an AND of their
/// bigrams. Latin words and digit runs become lower-cased whole tokens. No dictionary is
/// needed (none installs here), and the same document works in SQLite FTS5 and PostgreSQL
/// tsvector. Scope tokens (one per region level, <c>r340881002</c>) are appended by the indexer
/// so that data scope is part of the same match.
/// </summary>
public static class CjkTokens
{
    public static IReadOnlyList<string> ForDocument(string? text)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in Runs(text))
        {
            if (run.IsCjk)
            {
                for (var i = 0; i < run.Text.Length; i++)
                {
                    tokens.Add(run.Text[i].ToString());
                    if (i + 1 < run.Text.Length)
                    {
                        tokens.Add(run.Text.Substring(i, 2));
                    }
                }
            }
            else
            {
                tokens.Add(run.Text);
            }
        }

        return [.. tokens];
    }

    /// <summary>
    /// Terms that must all be present for the keywords to match: whole tokens for 1–2 CJK
    /// characters and Latin words, overlapping bigrams for longer CJK runs.
    /// </summary>
    public static IReadOnlyList<string> ForQuery(string? keywords)
    {
        var terms = new List<string>();
        foreach (var run in Runs(keywords))
        {
            if (run.IsCjk && run.Text.Length > 2)
            {
                for (var i = 0; i + 1 < run.Text.Length; i++)
                {
                    terms.Add(run.Text.Substring(i, 2));
                }
            }
            else
            {
                terms.Add(run.Text);
            }
        }

        return [.. terms.Distinct(StringComparer.Ordinal)];
    }

    public static string ScopeToken(string regionCode) => "r" + regionCode;

    private readonly record struct Run(string Text, bool IsCjk);

    private static IEnumerable<Run> Runs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var current = new StringBuilder();
        var currentIsCjk = false;
        foreach (var ch in text)
        {
            var isCjk = IsCjk(ch);
            var isWord = isCjk || char.IsLetterOrDigit(ch);
            if (!isWord || (current.Length > 0 && isCjk != currentIsCjk))
            {
                if (current.Length > 0)
                {
                    yield return new Run(current.ToString(), currentIsCjk);
                    current.Clear();
                }
            }

            if (isWord)
            {
                current.Append(isCjk ? ch : char.ToLowerInvariant(ch));
                currentIsCjk = isCjk;
            }
        }

        if (current.Length > 0)
        {
            yield return new Run(current.ToString(), currentIsCjk);
        }
    }

    private static bool IsCjk(char ch) =>
        ch is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');
}
