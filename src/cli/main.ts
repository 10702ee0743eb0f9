/**
 * `vrrpscope` command dispatcher. Each command lives in its own module and returns an exit code.
 */
import { commands } from './commands';

export function usage(): string {
  const lines = [
    'vrrpscope — see VRRP and keepalived failover',
    '',
    'Usage: vrrpscope <command> [options]',
    '',
    'Commands:',
    ...commands.flatMap((c) => [`  ${c.synopsis.replaceAll('\n', '\n  ')}`, `      ${c.summary}`]),
    '',
    'Run `vrrpscope <command> --help` for the options of one command.',
  ];
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`vrrpscope: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  const module = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(module.help + '\n');
    return 0;
  }
  return module.run(rest);
}
