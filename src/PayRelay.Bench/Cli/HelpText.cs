namespace PayRelay.Bench.Cli;

/// <summary>The usage text of each command.</summary>
public static class HelpText
{
    public const string Main = """
        PayRelay.Bench: the official Rinha de Backend 2025 tests, run natively.

        Commands:
          up      start the whole stack natively (emulated processors, two instances, the balancer) and
                  keep it running: a service that exits is started again
          ctl     kill, restart or list the services of a running `up`
          bench   run the official scenarios against a running stack and print the score
          steady  post payments at a constant rate and print latency percentiles
          relay-floor
                  the least a relay can do, as a CPU floor to compare PayRelay.Server with

        Run 'up --help', 'ctl --help', 'bench --help', 'steady --help' or 'relay-floor --help' for their options.
        """;

    public const string Steady = """
        Usage: PayRelay.Bench steady [options]

        Posts payments (fresh UUIDs) at a constant rate, open loop: a request leaves on schedule whether or
        not earlier ones answered. After a warm-up it measures, then prints the statuses and the latency
        percentiles (p50, p99, p99.9, max). Exit code 1 if any request was not accepted.

          --backend URL    the backend (http://127.0.0.1:9999; http://unix:/path.sock works)
          --rate N         payments per second (600)
          --seconds N      how long to measure (60)
          --warmup N       seconds of the same load before measuring (10)
          --amount X       the amount of each payment (19.90)
          --processor-body add "requestedAt" (now), the body a backend sends a payment processor, to load
                           a processor or the emulator directly
          --trace FILE     write every measured request as CSV (start_ms,latency_ms,status), to see
                           when the slow ones happened
        """;

    public const string RelayFloor = """
        Usage: PayRelay.Bench relay-floor --listen PATH [--processor URL]

        Runs until Ctrl-C or SIGTERM a relay that does only what every relay must: on the unix socket PATH
        it answers POST /payments 202 at once and posts the payment's correlationId and amount, with a
        requestedAt, to the processor over pooled keep-alive connections. No validation, dedupe, ledger,
        routing or retry; GET /payments-summary answers zeros and POST /purge-payments 200, so a bench
        run completes. scripts/floor.sh --backend relay runs two of them under the instances' CPU limits,
        so the CPU a payment costs there is this machine's floor for PayRelay.Server's figure; `up
        --backend relay` runs them as api1 and api2 behind the balancer, for `bench` side by side.

          --listen PATH      the unix socket to listen on (a stale socket file is replaced)
          --processor URL    the processor (http://127.0.0.1:8001)
        """;

    public const string Up = """
        Usage: PayRelay.Bench up [options]

        Starts, in the foreground until Ctrl-C or SIGTERM (which stop everything it started):
          two emulated processors on 8001 (fee 0.05) and 8002 (fee 0.15), two PayRelay.Server
          instances on unix sockets, and the load balancer on 9999 with deploy/haproxy.cfg.
        Once up, a service that exits is started again (1 s, 2 s, 4 s ... at most 30 s apart while it keeps
        crashing) and the others stay up. `ctl` kills or restarts one on purpose through the control socket
        the banner names (/tmp/payrelay-up-port-<port>.sock).

        Options:
          --limits               run the balancer and instances under the CPU and memory limits of
                                 deploy/docker-compose.yml (cgroup v1; needs root)
          --lb haproxy|nginx     the load balancer and its config (deploy/haproxy.cfg or deploy/nginx.conf)
          --processors URL,URL   use these default and fallback processors instead of emulators
          --fees F,F             the emulators' fees and the instances' configured fees (0.05,0.15)
          --processor-cost R,S[,C]|off
                                 the emulators' cost model: R us of CPU on the request path of every payment,
                                 S us per insert through C database connections, as the real processors and their
                                 PostgreSQL spend (390,370,16); off keeps payments as cheap as the emulator is
          --port N               the balancer's port (9999)
          --processor-ports N,N  the emulators' ports (8001,8002)
          --no-build             do not build the emulator and server first (Release builds must exist)
          --server-dir DIR       run the PayRelay.Server.dll published in DIR (scripts/publish.sh, the
                                 ReadyToRun build the Docker image runs) instead of the Release build
          --backend payrelay|relay
                                 what runs as api1 and api2: PayRelay.Server, or the minimal relay
                                 (relay-floor) as a floor to bench PayRelay against (payrelay)
          --store embedded|postgres
                                 embedded: the pair of peers (default); postgres: a PostgreSQL cluster from
                                 Debian's package in the run directory, shared by the instances (STORE=postgres),
                                 behind haproxy round-robin; stopping up removes it
          --instances N          how many instances (api1..apiN): 2 with embedded, any N >= 1 with postgres;
                                 --limits gives each the limits of deploy/docker-compose.postgres.yml
          --journal none|batch|always|off
                                 the instances' JOURNAL_SYNC, their journals under the run directory (none);
                                 off keeps payments in memory only (an empty JOURNAL_DIR), to measure the journal
          --no-install           never install a missing haproxy/nginx; by default up installs it with
                                 apt-get as root, and otherwise stops naming `sudo scripts/install-deps.sh`
          --install              accepted for compatibility: installing is the default
          --keep-logs            keep the services' logs after a clean stop
          --repo DIR             the repository (found from the working directory by default)
        """;

    public const string Bench = """
        Usage: PayRelay.Bench bench [options]

        Replays an official test against a running stack with its exact semantics: users ramped
        1 -> max over the duration, each on its own kept-alive connection, posting a payment and sleeping
        1 s (1.5 s timeout); a load generator that costs what k6 costs; a consistency check every 10 s;
        the stage timeline set through the processors' admin API; setup, teardown and the score, with the
        timed-out payments the processors charged anyway.

        Options:
          --scenario preview|final|mixed|FILE
                                         the official timelines, a mixed-failure timeline of our own, or a JSON
                                         scenario file (preview); also faults-healthy and faults-failing, issue
                                         16's experiments: instances killed and restarted under a constant load
                                         through up's control channel
          --backend URL                  the backend under test (http://127.0.0.1:9999)
          --processors URL,URL           the default and fallback processors (http://127.0.0.1:8001,http://127.0.0.1:8002)
          --token T                      the processors' admin token to set and use (123)
          --time-scale X                 compress the timeline: 0.25 runs the preview in 15 s (1)
          --out DIR                      where the results go (bench-results/<scenario>-<time>)
          --participant NAME             the participant named in the results file (anonymous)
          --status URL,URL               where to read GET /status for the queue and dispatch charts and the
                                         backend's CPU (the backend)
          --connections per-user|pooled  each user with its own kept-alive connection, reopened after a timeout,
                                         as k6; or all users sharing a pool, a lighter load (per-user)
          --generator-cpu-us N           make the load generator spend N us of CPU per request, as k6 does, a
                                         ballast thread burning what it does not spend itself; 0 = off (790)
          --no-processor-timeline        skip the per-second processor summaries of the report
          --control PATH                 up's control channel, for scenarios with faults (found from the
                                         backend's port: /tmp/payrelay-up-port-<port>.sock)
          --check                        look every payment up on both processors after the run (always
                                         after a fault run): lost, charged once, charged twice
          --strict                       exit with 3 when there are inconsistencies, a lag, or a payment
                                         lost or charged twice
        """;

    public const string Control = """
        Usage: PayRelay.Bench ctl [--port N | --control PATH] COMMAND

        Talks to a running `up` through its control socket, found from the port its balancer serves.

        Commands:
          status                 each service: state, pid, restarts, last exit code, address
          events                 what happened to the services: signals, exits, restarts
          kill NAME [--signal TERM|KILL] [--restart-after N]
                                 send SIGTERM (the default: the service drains and stops) or SIGKILL to one
                                 service (api1, api2, processor-default, processor-fallback, haproxy/nginx).
                                 The supervisor starts it again N seconds after the signal, or when it
                                 exits if that is later; without --restart-after, as soon as it exits
          restart NAME           start a service that is down now, or stop a running one with SIGTERM
                                 (SIGKILL after its grace) and start it again

        Options:
          --port N               the port `up` serves (9999): its socket is /tmp/payrelay-up-port-N.sock
          --control PATH         the control socket itself (up prints it)

        Exit codes: 0 done, 1 refused by up (the reason is printed), 69 no up answers there.
        """;
}
