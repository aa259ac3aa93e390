using Akka.Actor;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Resolver;
using ActorTrap.Smtp.Framing;

namespace ActorTrap.Node.Session;

/// <summary>
/// Before the session talks, holds or drops: the DNSBL answer (or our own list) and, in observe mode, the greet
/// pause. <see cref="LookingUp"/> says nothing (drop mode); <see cref="Greeting"/> has sent "220-" and keeps what a
/// pregreeting client says to answer it after the final 220. The client is polled, not read, in both.
/// </summary>
internal sealed partial class SessionActor
{
    // Lines a pregreeting client sends before our final 220 are kept (bounded) and answered after it.
    private const int MaxEarlyLines = 8;

    /// <summary>Starts the policy once the client's address is known (at accept, or after the PROXY header).</summary>
    private void Begin()
    {
        permitted = Reputation.Networks.Contains(ctx.Options.Permit, client);
        verdict = new SessionVerdictBuilder(ctx.Options.SinWeights, permitted);
        if (permitted)
        {
            // Our own networks are never judged (postscreen's permit_mynetworks): talked to at once, never looked up or held.
            var greeted = new Waiting { Answered = true, PauseOver = true };
            Send(Replies.Server.GreetingFirstLine.Span);
            Enter(Stage.Greeting, Greeting(greeted));
            Decide(greeted);
            return;
        }

        var wait = new Waiting();
        // A harvester listing informs and never holds, unless actortrap.traps.harvesters.block is on (issue 18).
        if (ctx.Blacklist?.TryGet(client, out var listing) == true && listing is not null
            && (listing.Class != Reputation.ListingClass.Harvester || ctx.HoldHarvesters))
        {
            wait.Answered = true;
            wait.Listed = true;
        }
        else
        {
            ctx.Resolver.Tell(new CheckClient(client), Self);
            Timers.StartSingleTimer(LookupWaitOver.Instance, LookupWaitOver.Instance, ctx.Options.LookupWait);
        }

        if (ctx.Options.Mode == SessionMode.Observe)
        {
            Send(Replies.Server.GreetingFirstLine.Span);
            wait.PauseOver = ctx.Options.GreetPause <= TimeSpan.Zero;
            if (!wait.PauseOver)
            {
                Timers.StartSingleTimer(GreetPauseOver.Instance, GreetPauseOver.Instance, ctx.Options.GreetPause);
            }

            Enter(Stage.Greeting, Greeting(wait));
        }
        else
        {
            Enter(Stage.Lookup, LookingUp(wait));
        }

        Decide(wait);
    }

    /// <summary>Drop mode, nothing said yet: a listed client is held, an unlisted one dropped once the lookup is over.</summary>
    private UntypedReceive LookingUp(Waiting wait) => message =>
    {
        switch (message)
        {
            case ClientData or Unread:
                OnData(BytesOf(message), (_, line, _, _) => verdict.Add(SinKind.Pregreet, Escape(line)));
                break;
            default:
                Waited(wait, message);
                break;
        }

        Publish();
    };

    /// <summary>Observe mode, "220-" sent: a listed client is held; an unlisted one greeted once the lookup and the pause are over.</summary>
    private UntypedReceive Greeting(Waiting wait) => message =>
    {
        switch (message)
        {
            case ClientData or Unread:
                OnData(BytesOf(message), (status, line, _, _) => EarlyLine(wait, status, line));
                break;
            case GreetPauseOver:
                wait.PauseOver = true;
                Decide(wait);
                break;
            default:
                Waited(wait, message);
                break;
        }

        Publish();
    };

    /// <summary>What both waiting behaviours do with the lookup's answer or its timeout.</summary>
    private void Waited(Waiting wait, object message)
    {
        switch (message)
        {
            case DnsblReport report when report.Client.Equals(client) && !wait.Answered:
                dnsbl = report;
                wait.Answered = true;
                wait.Listed = report.Listed;
                Timers.Cancel(LookupWaitOver.Instance);
                Decide(wait);
                break;
            case LookupWaitOver:
                wait.TimedOut = true;
                Decide(wait);
                break;
            default:
                Common(message);
                break;
        }
    }

    /// <summary>Moves on once enough is known: hold a listed client, drop or greet an unlisted one.</summary>
    private void Decide(Waiting wait)
    {
        var greeting = stage == Stage.Greeting;
        if (wait.Listed)
        {
            StartHold(greeted: greeting);
        }
        else if (!greeting && wait.LookupOver)
        {
            Drop();
        }
        else if (greeting && wait.LookupOver && wait.PauseOver)
        {
            PollClient((status, line, _, _) => EarlyLine(wait, status, line)); // what arrived during the pause is pregreet
            if (!stage.Over)
            {
                FinishGreeting(wait.Early);
            }
        }
    }

    private void Drop()
    {
        PollClient((_, line, _, _) => verdict.Add(SinKind.Pregreet, Escape(line))); // a client that talked before we said anything has pregreeted
        if (stage.Over)
        {
            return;
        }

        if (ctx.Options.DropReply)
        {
            Send(Replies.DropReply);
        }

        End(SessionOutcome.Dropped);
    }

    private void EarlyLine(Waiting wait, SmtpLineStatus status, ReadOnlySpan<byte> line)
    {
        verdict.Add(SinKind.Pregreet, Escape(line));
        wait.Early ??= [];
        if (wait.Early.Count < MaxEarlyLines && status == SmtpLineStatus.Line)
        {
            wait.Early.Add(line.ToArray());
        }
    }

    /// <summary>What the waiting behaviours know so far; lives only as long as they do.</summary>
    private sealed class Waiting
    {
        /// <summary>The DNSBL answered, or our own list had the client.</summary>
        public bool Answered;

        /// <summary>The lookup wait is over without an answer (a late one still counts).</summary>
        public bool TimedOut;

        /// <summary>The answer lists the client: it is held.</summary>
        public bool Listed;

        /// <summary>The greet pause is over (observe mode).</summary>
        public bool PauseOver;

        /// <summary>What a pregreeting client said, answered after the final 220.</summary>
        public List<byte[]>? Early;

        public bool LookupOver => Answered || TimedOut;
    }
}
