using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Ringbench.Results;

/// <summary>
/// Reads and appends the result CSVs with CsvHelper. Appends are crash-safe at row
/// granularity: rows are rendered first, written in one go and flushed to disk; if the
/// write fails (a full disk), the file is cut back to where it was, so no half row remains.
/// </summary>
public static class ResultCsv
{
    /// <summary>Writing: "\n" line ends, the same on every machine.</summary>
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\n",
    };

    /// <summary>
    /// Reading: CsvHelper detects "\r\n", "\r" or "\n" when NewLine is left unset, so a results.csv
    /// saved back by a spreadsheet or Python's csv module (CRLF) reads like the original.
    /// </summary>
    private static readonly CsvConfiguration ReadConfig = new(CultureInfo.InvariantCulture);

    /// <summary>Appends rows, writing the header first if the file is new or empty.</summary>
    public static void Append<T>(string path, IEnumerable<T> rows)
    {
        bool needsHeader = !File.Exists(path) || new FileInfo(path).Length == 0;
        var text = new StringWriter(CultureInfo.InvariantCulture);
        // The header is always rendered, so it can be checked against the file's own.
        using (var csv = new CsvWriter(text, Config))
        {
            UseIsoTimestamps(csv.Context);
            csv.WriteRecords(rows);
        }
        string rendered = text.ToString();
        int headerEnd = rendered.IndexOf('\n') + 1;
        if (!needsHeader)
        {
            // Rows of one schema under another's header would read back under the wrong names.
            string existing = File.ReadLines(path).First();
            string header = rendered[..headerEnd].TrimEnd('\n');
            if (headerEnd > 0 && existing != header)
                throw new RingbenchException(ExitCode.Usage,
                    $"{path}: written with other columns (another ringbench version or schema); not appending to it: start a new folder");
            rendered = rendered[headerEnd..];
        }
        byte[] bytes = Encoding.UTF8.GetBytes(rendered);

        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        long before = file.Length;
        try
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            TryTruncate(file, before);
            throw new RingbenchException(ExitCode.Environment,
                $"writing {path} failed ({e.Message.TrimEnd('.')}); the row was rolled back and the file is valid: free space, then --resume");
        }
    }

    /// <summary>Reads every row, checking the schema version; errors name the file and line.</summary>
    public static List<T> Read<T>(string path) where T : class
    {
        if (!File.Exists(path))
            throw new RingbenchException(ExitCode.Usage, $"{path}: no such file");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, ReadConfig);
        UseIsoTimestamps(csv.Context);
        var rows = new List<T>();
        try
        {
            if (!csv.Read())
                throw new RingbenchException(ExitCode.Usage, $"{path}: empty file, not a ringbench CSV");
            csv.ReadHeader();
            if (!(csv.HeaderRecord ?? []).Contains("schema_version"))
                throw new RingbenchException(ExitCode.Usage, $"{path}:1: no schema_version column: not a ringbench CSV");
            while (csv.Read())
            {
                int schema = csv.GetField<int>("schema_version");
                if (schema < ResultRow.OldestReadableSchema || schema > ResultRow.CurrentSchema)
                {
                    throw new RingbenchException(ExitCode.Usage,
                        $"{path}:{csv.Parser.RawRow}: schema version {schema}, this ringbench reads versions {ResultRow.OldestReadableSchema} to {ResultRow.CurrentSchema}");
                }
                rows.Add(csv.GetRecord<T>());
            }
        }
        catch (CsvHelperException e) when (e is not null)
        {
            int line = e.Context?.Parser?.RawRow ?? 0;
            throw new RingbenchException(ExitCode.Usage, $"{path}:{line}: malformed row ({FirstLine(e.Message)})");
        }
        return rows;
    }

    /// <summary>Reads a CSV ringbench wrote without a schema column (reproduce.csv, stalls.csv); errors name the file and line.</summary>
    public static List<T> ReadPlain<T>(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, ReadConfig);
        UseIsoTimestamps(csv.Context);
        try
        {
            return csv.GetRecords<T>().ToList();
        }
        catch (CsvHelperException e)
        {
            throw new RingbenchException(ExitCode.Usage, $"{path}:{e.Context?.Parser?.RawRow ?? 0}: malformed row ({FirstLine(e.Message)})");
        }
    }

    /// <summary>Cuts a trailing partial line (a write the process died in) so the file parses.</summary>
    public static void RepairTail(string path)
    {
        if (!File.Exists(path))
            return;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        long end = file.Length;
        if (end == 0)
            return;
        long position = end;
        while (position > 0)
        {
            file.Position = position - 1;
            if (file.ReadByte() == '\n')
                break;
            position--;
        }
        if (position != end)
            file.SetLength(position);
    }

    /// <summary>
    /// Timestamps as ISO 8601 with offset, the same on every machine and culture; a figure that
    /// could not be measured (NaN in memory) as an empty field, which spreadsheets and pandas read as
    /// missing (older files wrote "NaN": both read back as NaN).
    /// </summary>
    private static void UseIsoTimestamps(CsvContext context)
    {
        context.TypeConverterOptionsCache.GetOptions<DateTimeOffset>().Formats = ["o"];
        context.TypeConverterCache.AddConverter<double>(new MissingAsEmpty());
    }

    private sealed class MissingAsEmpty : CsvHelper.TypeConversion.DoubleConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is double d && double.IsNaN(d) ? "" : base.ConvertToString(value, row, memberMapData);

        public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
            string.IsNullOrWhiteSpace(text) ? double.NaN : base.ConvertFromString(text, row, memberMapData);
    }

    private static void TryTruncate(FileStream file, long length)
    {
        try { file.SetLength(length); } catch (IOException) { /* the resume path repairs the tail */ }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
