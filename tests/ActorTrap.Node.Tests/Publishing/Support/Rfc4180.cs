using System.Text;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>A strict RFC 4180 reader for the CSV feed: CRLF records, quoted fields with doubled quotes.</summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i >= text.Length || text[i] is ',' or '\r', "text after a closing quote");
                continue;
            }

            switch (text[i])
            {
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', "CR without LF");
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                    i += 2;
                    break;
                case '\n':
                    Assert.Fail("bare LF ends a record; RFC 4180 uses CRLF");
                    break;
                default:
                    Assert.NotEqual('"', text[i]);
                    field.Append(text[i++]);
                    break;
            }
        }

        Assert.True(field.Length == 0 && row.Count == 0, "last record not ended by CRLF");
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        return rows;
    }
}
