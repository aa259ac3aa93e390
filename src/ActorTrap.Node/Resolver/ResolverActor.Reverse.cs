using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Dns;
using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Resolver.Transport;

namespace ActorTrap.Node.Resolver;

internal sealed partial class ResolverActor
{
    // A client with more PTR names than this is checked on the first few only; real mail servers have one.
    private const int MaxPtrNamesChecked = 3;

    private void StartReverse(IPAddress client, IActorRef replyTo)
    {
        client = DnsblQueryName.Normalize(client);
        var zone = client.AddressFamily == AddressFamily.InterNetwork ? "in-addr.arpa" : "ip6.arpa";
        var job = new ReverseJob(this, client, replyTo);
        job.Id = StartJob(job);
        Query(new DnsQuestion(DnsblQueryName.For(client, zone), DnsType.PTR), outcome =>
        {
            if (outcome.Response is not { Rcode: DnsRcode.NoError or DnsRcode.NxDomain } response)
            {
                job.Finish([], false, outcome.Failure ?? $"the server answered {outcome.Response?.Rcode}");
                return;
            }

            var names = response.Answers.Select(a => a.Data).OfType<PtrRecord>().Select(p => p.Target).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count == 0)
            {
                job.Finish([], false, null);
                return;
            }

            var forwardType = client.AddressFamily == AddressFamily.InterNetwork ? DnsType.A : DnsType.AAAA;
            var pending = Math.Min(names.Count, MaxPtrNamesChecked);
            var confirmed = false;
            foreach (var name in names.Take(MaxPtrNamesChecked))
            {
                Query(new DnsQuestion(name, forwardType), forward =>
                {
                    confirmed |= forward.Response?.Answers.Any(a => a.Data is ARecord { Address: var x } && x.Equals(client)
                        || a.Data is AaaaRecord { Address: var y } && y.Equals(client)) == true;
                    if (--pending == 0)
                    {
                        job.Finish(names, confirmed, null);
                    }
                });
            }
        });
    }

    private void StartMx(string domain, IActorRef replyTo)
    {
        var job = new MxJob(domain, replyTo);
        job.Id = StartJob(job);
        Query(new DnsQuestion(domain.TrimEnd('.'), DnsType.MX), outcome =>
        {
            var hosts = outcome.Response?.Answers.Select(a => a.Data).OfType<MxRecord>()
                .OrderBy(m => m.Preference).Select(m => new MxHost(m.Preference, m.Exchange)).ToList() ?? [];
            var error = outcome.Response is null ? outcome.Failure
                : outcome.Response.Rcode is DnsRcode.NoError or DnsRcode.NxDomain ? null
                : $"the server answered {outcome.Response.Rcode}";
            job.Finish(hosts, error);
            FinishJob(job.Id);
        });
    }

    private sealed class ReverseJob(ResolverActor owner, IPAddress client, IActorRef replyTo) : Job
    {
        private bool done;

        public long Id { get; set; }

        public void Finish(IReadOnlyList<string> names, bool confirmed, string? error)
        {
            if (!done)
            {
                done = true;
                replyTo.Tell(new PtrReport(client, names, confirmed, error));
                owner.FinishJob(Id);
            }
        }

        public override void Expire() => Finish([], false, "no answer within the lookup budget");
    }

    private sealed class MxJob(string domain, IActorRef replyTo) : Job
    {
        private bool done;

        public long Id { get; set; }

        public void Finish(IReadOnlyList<MxHost> hosts, string? error)
        {
            if (!done)
            {
                done = true;
                replyTo.Tell(new MxReport(domain, hosts, error));
            }
        }

        public override void Expire() => Finish([], "no answer within the lookup budget");
    }
}
