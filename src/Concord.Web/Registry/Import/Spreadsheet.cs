using System.Globalization;
using System.Text;
using Concord.Web.Shared;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Concord.Web.Registry.Import;

/// <summary>A table read from an upload: the header row and the data rows (row numbers as the uploader sees them, header = 1).</summary>
public sealed record UploadTable(IReadOnlyList<string> Headers, IReadOnlyList<UploadRow> Rows);

/// <summary>A data row; <see cref="Lossy"/> names the cells Excel stored as a number in scientific notation (an ID number typed into a number cell).</summary>
public sealed record UploadRow(int Number, IReadOnlyList<string> Cells, IReadOnlySet<int> Lossy);

/// <summary>
/// Reads uploads (.xlsx with DocumentFormat.OpenXml's streaming reader, .csv with CsvHelper in
/// UTF-8 or, as Chinese Excel saves it, GB18030) and writes templates and reports (.xlsx with
/// text-formatted columns so that ID numbers stay text, .csv in UTF-8 with a BOM so that Excel
/// opens it in Chinese).
/// </summary>
public static class Spreadsheet
{
    public const int MaxRows = 20_000;

    public static bool IsXlsx(string fileName) => fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    public static bool IsCsv(string fileName) => fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    public static UploadTable Read(string fileName, byte[] content)
    {
        try
        {
            var sheet = IsXlsx(fileName) ? ReadXlsx(content) : IsCsv(fileName) ? ReadCsv(content)
                : throw new DomainException("import_file_type", "只能上传 .xlsx 或 .csv 文件。");
            if (sheet.Rows.Count > MaxRows)
            {
                throw new DomainException("import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分成几个文件上传。");
            }

            return sheet;
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or CsvFormatException or FormatException)
        {
            throw new DomainException("import_unreadable", "无法读取该文件，请确认它是用导入模板填写的 .xlsx 或 .csv 文件。");
        }
    }

    private static UploadTable ReadCsv(byte[] content)
    {
        using var csv = CsvReader.FromText(Decode(content), new CsvReaderOptions { HasHeader = false });
        IReadOnlyList<string> headers = [];
        var rows = new List<UploadRow>();
        var number = 0;
        while (csv.Read())
        {
            number++;
            var cells = new string[csv.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = csv.GetString(i);
            }

            if (number == 1)
            {
                headers = cells;
            }
            else if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                rows.Add(new UploadRow(number, cells, new HashSet<int>()));
            }
        }

        return new UploadTable(headers, rows);
    }

    /// <summary>UTF-8 (with or without BOM) when it decodes cleanly, GB18030 otherwise (Excel's "CSV" in a Chinese Windows).</summary>
    private static string Decode(byte[] content)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(content);
            return text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(content);
        }
    }

    private static UploadTable ReadXlsx(byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
        var part = (WorksheetPart)workbook.GetPartById(first.Id!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        IReadOnlyList<string> headers = [];
        var rows = new List<UploadRow>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var number = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + 2));
            var cells = new List<string>();
            var lossy = new HashSet<int>();
            foreach (var cell in row.Elements<Cell>())
            {
                var index = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                while (cells.Count < index)
                {
                    cells.Add("");
                }

                var (value, isLossy) = CellText(cell, shared);
                if (isLossy)
                {
                    lossy.Add(index);
                }

                cells.Add(value);
            }

            if (headers.Count == 0 && rows.Count == 0)
            {
                headers = cells;
            }
            else if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                rows.Add(new UploadRow(number, cells, lossy));
                if (rows.Count > MaxRows)
                {
                    break;
                }
            }
        }

        return new UploadTable(headers, rows);
    }

    private static (string Value, bool Lossy) CellText(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "", false);
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return (cell.InlineString?.InnerText ?? "", false);
        }

        if (cell.DataType is null || cell.DataType.Value == CellValues.Number)
        {
            // An 18-digit ID number typed into a number cell is stored as 3.40881199001011E+17: the digits are gone.
            if (raw.Contains('E', StringComparison.OrdinalIgnoreCase))
            {
                return (raw, true);
            }

            return (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15
                ? ((long)d).ToString(CultureInfo.InvariantCulture) : raw, false);
        }

        return (raw, false);
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    /// <summary>A workbook of one or more sheets, every cell a string and every column formatted as text (@).</summary>
    public static byte[] WriteXlsx(params (string Name, IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<string>> Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            styles.Stylesheet.Save();
            var sheetList = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var (name, headers, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(Row(1, headers, 2));
                uint r = 2;
                foreach (var row in rows)
                {
                    data.Append(Row(r++, row, 1));
                }

                var columns = new Columns(new Column { Min = 1, Max = (uint)Math.Max(1, headers.Count), Width = 22, CustomWidth = true, Style = 1 });
                part.Worksheet = new Worksheet(columns, data);
                part.Worksheet.Save();
                sheetList.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }

            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(uint index, IReadOnlyList<string> values, uint style)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            row.Append(new Cell
            {
                CellReference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(values[i] ?? "")),
                StyleIndex = style,
            });
        }

        return row;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + ((index - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Style 0 default, 1 text (@), 2 text + bold (the header row).</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true, FontId = 1, ApplyFont = true })
        { Count = 3 });

    public static byte[] WriteCsv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(true)))
        using (var csv = CsvWriter.Create(writer, null, leaveOpen: true))
        {
            csv.WriteRecord([.. headers]);
            foreach (var row in rows)
            {
                csv.WriteRecord([.. row]);
            }
        }

        return stream.ToArray();
    }
}
