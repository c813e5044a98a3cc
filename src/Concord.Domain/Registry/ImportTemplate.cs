namespace Concord.Domain.Registry;

/// <summary>A column of an import template: its Chinese header, whether it must be filled, and a hint for the template's instructions sheet.</summary>
public sealed record TemplateColumn(string Header, bool Required, string Hint);

/// <summary>
/// An import template's header row and the check that an uploaded file uses it: every header of
/// the template present (order free, surrounding spaces ignored), nothing unknown. A file made
/// from another template is refused as a whole, before any row is read.
/// </summary>
public sealed record ImportTemplate(string Kind, string Title, IReadOnlyList<TemplateColumn> Columns)
{
    public IReadOnlyList<string> Headers => [.. Columns.Select(c => c.Header)];

    public HeaderCheck Check(IReadOnlyList<string> fileHeaders)
    {
        var given = fileHeaders.Select(h => h.Trim().TrimStart('*')).Where(h => h.Length > 0).ToList();
        var missing = Headers.Where(h => !given.Contains(h, StringComparer.Ordinal)).ToList();
        var unknown = given.Where(h => !Headers.Contains(h, StringComparer.Ordinal)).ToList();
        var duplicated = given.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return new HeaderCheck(missing, unknown, duplicated);
    }
}

public sealed record HeaderCheck(IReadOnlyList<string> Missing, IReadOnlyList<string> Unknown, IReadOnlyList<string> Duplicated)
{
    public bool Matches => Missing.Count == 0 && Unknown.Count == 0 && Duplicated.Count == 0;

    /// <summary>What is wrong, in words the uploader understands.</summary>
    public string Message(string title)
    {
        var parts = new List<string>();
        if (Missing.Count > 0)
        {
            parts.Add($"缺少列：{string.Join("、", Missing)}");
        }

        if (Unknown.Count > 0)
        {
            parts.Add($"模板中没有的列：{string.Join("、", Unknown)}");
        }

        if (Duplicated.Count > 0)
        {
            parts.Add($"重复的列：{string.Join("、", Duplicated)}");
        }

        return $"文件的表头与“{title}”导入模板不一致（{string.Join("；", parts)}）。请下载最新模板，按模板填写后再上传。";
    }
}

/// <summary>One problem of one row: the row number as the uploader sees it (the header is row 1), the column, and the reason.</summary>
public sealed record RowError(int Row, string Column, string Reason);
