/**
 * Which process a track script's command tests (`killall -0 X`, `pidof X`, `pgrep X`,
 * `kill -0 $(cat …X….pid)`, `systemctl is-active X`): the simulator decides such a script by that
 * process's liveness, and scenario validation checks that a `kill-process` names a process some
 * script tests. A property of the config text, so it lives with the config language.
 */

/** The process a check command tests, or null when the command is not recognised. */
export function processOfCommand(command: string): string | null {
  const cmd = command
    .trim()
    .replace(/^(?:\S*\/)?(?:ba)?sh\s+-c\s+/, '')
    .replace(/^["']|["']$/g, '');
  const base = String.raw`(?:\S*\/)?`;
  const flags = String.raw`(?:-\S+\s+)*`;
  const patterns = [
    new RegExp(String.raw`^${base}killall\s+-0\s+${flags}([\w.@-]+)`),
    new RegExp(String.raw`^${base}pidof\s+${flags}([\w.@-]+)`),
    new RegExp(String.raw`^${base}pgrep\s+${flags}([\w.@-]+)`),
    new RegExp(
      String.raw`^${base}systemctl\s+(?:--\S+\s+)*is-active\s+${flags}([\w.@-]+?)(?:\.service)?\s*$`,
    ),
  ];
  for (const re of patterns) {
    const m = re.exec(cmd);
    if (m) return m[1];
  }
  const pidFile = /kill\s+-0\s+(?:`|\$\()\s*cat\s+([^)`\s]+)/.exec(cmd);
  if (pidFile) {
    const parts = pidFile[1].split('/').filter(Boolean);
    const file = (parts.pop() ?? '').replace(/\.pid$/, '');
    return file && file !== 'pid' ? file : (parts.pop() ?? null);
  }
  return null;
}
