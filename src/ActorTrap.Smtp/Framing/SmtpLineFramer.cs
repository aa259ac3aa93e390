using System.Buffers;

namespace ActorTrap.Smtp.Framing;

/// <summary>
/// Cuts the bytes a client sends into command lines. Feed it whatever arrived and call <c>Read</c> until it says
/// <see cref="SmtpLineStatus.NeedMoreData"/>. A line that arrives whole inside one input span is returned in place
/// (no copy); only the unfinished tail of an input is kept, in a buffer rented from the shared pool while a partial
/// line is pending and returned as soon as it completes, and never more than <see cref="MaxLineBytes"/> bytes.
/// One instance per connection; not thread-safe. Dispose returns a rented buffer.
/// </summary>
public sealed class SmtpLineFramer : IDisposable
{
    /// <summary>RFC 5321 4.5.3.1.4: a command line is at most 512 bytes including its CRLF.</summary>
    public const int DefaultMaxLineBytes = 512;

    private byte[]? _buffer;
    private int _buffered;
    private bool _discarding;

    /// <param name="maxLineBytes">Longest accepted line counting its line ending (CRLF or LF); at least 3.</param>
    public SmtpLineFramer(int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 3);
        MaxLineBytes = maxLineBytes;
    }

    public int MaxLineBytes { get; }

    /// <summary>Bytes of an unfinished line held between calls (0 to <see cref="MaxLineBytes"/> - 1).</summary>
    public int BufferedBytes => _buffered;

    /// <summary>True while the rest of an overlong line is being thrown away.</summary>
    public bool IsDiscarding => _discarding;

    /// <summary>
    /// Takes bytes from the front of <paramref name="input"/> until a line is complete or the input is used up.
    /// </summary>
    /// <param name="input">Advanced past every byte taken.</param>
    /// <param name="line">With <see cref="SmtpLineStatus.Line"/>: the line without CR LF. It points into
    /// <paramref name="input"/> or into this framer's buffer and is valid until the next call.</param>
    /// <param name="ending">With <see cref="SmtpLineStatus.Line"/>: whether it ended in CRLF or a bare LF.</param>
    public SmtpLineStatus Read(scoped ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> line, out SmtpLineEnding ending)
    {
        line = default;
        ending = SmtpLineEnding.CrLf;
        ReleaseIdleBuffer();
        while (!input.IsEmpty)
        {
            var lf = input.IndexOf((byte)'\n');
            if (_discarding)
            {
                if (lf < 0)
                {
                    input = default;
                    return SmtpLineStatus.NeedMoreData;
                }

                input = input[(lf + 1)..];
                _discarding = false;
                continue;
            }

            if (lf < 0)
            {
                return Keep(ref input);
            }

            var length = _buffered + lf + 1;
            if (length > MaxLineBytes)
            {
                input = input[(lf + 1)..];
                _buffered = 0;
                return SmtpLineStatus.Overlong;
            }

            if (_buffered == 0)
            {
                line = input[..lf];
            }
            else
            {
                input[..lf].CopyTo(_buffer.AsSpan(_buffered));
                line = _buffer.AsSpan(0, length - 1);
                _buffered = 0;
            }

            input = input[(lf + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }
            else
            {
                ending = SmtpLineEnding.BareLf;
            }

            return SmtpLineStatus.Line;
        }

        return SmtpLineStatus.NeedMoreData;
    }

    /// <summary>
    /// The same over a <see cref="ReadOnlySequence{T}"/> as a PipeReader hands out; <paramref name="input"/> is sliced
    /// past every byte taken, so after <see cref="SmtpLineStatus.NeedMoreData"/> the whole buffer may be consumed.
    /// The line may point into the sequence's memory: use it before advancing the reader.
    /// </summary>
    public SmtpLineStatus Read(ref ReadOnlySequence<byte> input, out ReadOnlySpan<byte> line, out SmtpLineEnding ending)
    {
        while (!input.IsEmpty)
        {
            var span = input.FirstSpan;
            var before = span.Length;
            var status = Read(ref span, out line, out ending);
            input = input.Slice(before - span.Length);
            if (status != SmtpLineStatus.NeedMoreData)
            {
                return status;
            }
        }

        line = default;
        ending = SmtpLineEnding.CrLf;
        return SmtpLineStatus.NeedMoreData;
    }

    /// <summary>Forgets any partial line (e.g. after STARTTLS, or when the session restarts the dialogue).</summary>
    public void Reset()
    {
        _buffered = 0;
        _discarding = false;
        ReleaseIdleBuffer();
    }

    public void Dispose() => Reset();

    // The unfinished tail of the input: keep it if the line can still fit, else report it and drop the rest.
    private SmtpLineStatus Keep(ref ReadOnlySpan<byte> input)
    {
        // A line that already has MaxLineBytes bytes without its LF can no longer fit.
        if (_buffered + input.Length >= MaxLineBytes)
        {
            input = default;
            _buffered = 0;
            _discarding = true;
            return SmtpLineStatus.Overlong;
        }

        _buffer ??= ArrayPool<byte>.Shared.Rent(MaxLineBytes);
        input.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += input.Length;
        input = default;
        return SmtpLineStatus.NeedMoreData;
    }

    // Called at the start of each Read, when the line handed out last time (which may live in the buffer) is done.
    private void ReleaseIdleBuffer()
    {
        if (_buffered == 0 && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
