/**
 * The table of CLI commands. Each command's module is loaded only when it runs, and exports
 * `run(args: string[]): Promise<number>` (the exit code) and `help: string`.
 */
export interface Command {
  name: string;
  synopsis: string;
  summary: string;
  load(): Promise<{ run(args: string[]): Promise<number>; help: string }>;
}

export const commands: Command[] = [
  {
    name: 'lint',
    synopsis: 'lint FILE... [--json]',
    summary: 'check keepalived.conf files, alone and together',
    load: () => import('./lint'),
  },
  {
    name: 'simulate',
    synopsis:
      'simulate (SCENARIO.json | --scenario NAME) [--until S] [--json] [--all]\n' +
      '         [--pcap OUT] [--pcapng OUT] [--epoch S] [--export-scenario OUT]',
    summary: 'run a scenario as keepalived 2.2.7 would',
    load: () => import('./simulate'),
  },
  {
    name: 'analyze',
    synopsis: 'analyze CAPTURE [--json] [--hosts FILE] [--config FILE]...',
    summary: 'decode a pcap/pcapng capture and explain its failovers',
    load: () => import('./analyze'),
  },
  {
    name: 'investigate',
    synopsis: 'investigate FILE... [--config F] [--node N=F] [--json]',
    summary: 'put captures, logs, dumps and tcpdump text on one timeline and explain the incident',
    load: () => import('./investigate'),
  },
  {
    name: 'bench',
    synopsis: 'bench [NAME...]',
    summary: 'run the benchmarks in test/bench (ratios against baselines)',
    load: () => import('./bench'),
  },
];
