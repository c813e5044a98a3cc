using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Concord.Web.Reports.HealthCheck;

/// <summary>
/// The 体检表 as an .xlsx: a merged title row, a row of merged group headers and a row of
/// column headers (frozen), numbers as integers and rates as 0.0 %, column widths, A4 landscape.
/// </summary>
public static class HealthCheckWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const uint StyleTitle = 1, StyleHeader = 2, StyleText = 3, StyleNumber = 4, StylePercent = 5, StyleTotalText = 6;
    private const uint PercentFormatId = 164;

    public static byte[] Write(HealthCheck.Result report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var strings = workbookPart.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            int Shared(string text)
            {
                if (!index.TryGetValue(text, out var i))
                {
                    i = index[text] = index.Count;
                    strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(text)));
                }

                return i;
            }

            Cell Text(string reference, string text, uint style) =>
                new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Shared(text)), StyleIndex = style };

            var columns = report.Columns;
            var last = Letter(columns.Count); // column 0 = 地区
            var sheetData = new SheetData();

            var title = new Row { RowIndex = 1, Height = 30, CustomHeight = true };
            title.Append(Text("A1", report.Title, StyleTitle));
            sheetData.Append(title);

            var groups = new Row { RowIndex = 2 };
            var headers = new Row { RowIndex = 3 };
            groups.Append(Text("A2", "地区", StyleHeader));
            headers.Append(Text("A3", "地区", StyleHeader));
            var merges = new List<string> { $"A1:{last}1", "A2:A3" };
            for (var c = 0; c < columns.Count; c++)
            {
                var letter = Letter(c + 1);
                var first = c == 0 || columns[c - 1].Group != columns[c].Group;
                groups.Append(first ? Text($"{letter}2", columns[c].Group, StyleHeader) : new Cell { CellReference = $"{letter}2", StyleIndex = StyleHeader });
                headers.Append(Text($"{letter}3", columns[c].Header, StyleHeader));
                if (first)
                {
                    var end = c;
                    while (end + 1 < columns.Count && columns[end + 1].Group == columns[c].Group)
                    {
                        end++;
                    }

                    if (end > c)
                    {
                        merges.Add($"{letter}2:{Letter(end + 1)}2");
                    }
                }
            }

            sheetData.Append(groups, headers);
            uint r = 4;
            foreach (var row in report.Rows)
            {
                var line = new Row { RowIndex = r };
                line.Append(Text($"A{r}", row.Name, row.IsTotal ? StyleTotalText : StyleText));
                for (var c = 0; c < columns.Count; c++)
                {
                    var reference = $"{Letter(c + 1)}{r}";
                    line.Append(row.Values[c] is { } v
                        ? new Cell { CellReference = reference, CellValue = new CellValue(v), DataType = CellValues.Number, StyleIndex = columns[c].Format == HealthCheck.Format.Percent ? StylePercent : StyleNumber }
                        : Text(reference, "—", StyleText));
                }

                sheetData.Append(line);
                r++;
            }

            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var cols = new Columns(new DocumentFormat.OpenXml.Spreadsheet.Column { Min = 1, Max = 1, Width = 18, CustomWidth = true });
            for (var c = 0; c < columns.Count; c++)
            {
                cols.Append(new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)c + 2, Max = (uint)c + 2, Width = columns[c].Format == HealthCheck.Format.Percent ? 11 : 9.5, CustomWidth = true });
            }

            var view = new SheetView { WorkbookViewId = 0 };
            view.Append(new Pane { VerticalSplit = 1, HorizontalSplit = 3, TopLeftCell = "B4", ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen });
            view.Append(new Selection { Pane = PaneValues.BottomRight, ActiveCell = "B4", SequenceOfReferences = new ListValue<StringValue> { InnerText = "B4" } });
            var mergeCells = new MergeCells();
            foreach (var m in merges)
            {
                mergeCells.Append(new MergeCell { Reference = m });
            }

            worksheetPart.Worksheet = new Worksheet(
                new SheetViews(view),
                new SheetFormatProperties { DefaultRowHeight = 18 },
                cols,
                sheetData,
                mergeCells,
                new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 },
                new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = "体检表" });
            workbookPart.Workbook.Append(new DefinedNames(new DefinedName { Name = "_xlnm.Print_Titles", LocalSheetId = 0, Text = "'体检表'!$1:$3" }));
        }

        return stream.ToArray();
    }

    /// <summary>Excel column letters for a 0-based column index (0 = A).</summary>
    public static string Letter(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + ((index - 1) % 26)) + name;
        }

        return name;
    }

    private static Stylesheet Stylesheet()
    {
        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        var centre = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true };
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = PercentFormatId, FormatCode = "0.0%" }) { Count = 1 },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "黑体" }))
            { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7EEF7" }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 2, Alignment = (Alignment)centre.CloneNode(true), ApplyFont = true, ApplyAlignment = true },
                new CellFormat { FontId = 1, FillId = 2, BorderId = 1, Alignment = (Alignment)centre.CloneNode(true), ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat { BorderId = 1, ApplyBorder = true },
                new CellFormat { NumberFormatId = 1, BorderId = 1, ApplyNumberFormat = true, ApplyBorder = true },
                new CellFormat { NumberFormatId = PercentFormatId, BorderId = 1, ApplyNumberFormat = true, ApplyBorder = true },
                new CellFormat { FontId = 1, BorderId = 1, ApplyFont = true, ApplyBorder = true })
            { Count = 7 });
    }
}
