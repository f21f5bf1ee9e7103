import type { ChalkInstance } from 'chalk';
import { escapeText as t } from '../model/display.js';
import { count } from '../ui/text.js';
import { countStates, STORAGE_STATES, type StatusEntry, type StatusReport } from './status.js';

/**
 * `status` for people: a line for every storage that is not working (with the server's status
 * text and a hint where the error is known), then the count of each state. Working and disabled
 * storages are only counted: with hundreds of mounts, the dead ones are what an administrator reads.
 */
export function renderStatus(report: StatusReport, c: ChalkInstance): string {
  const lines: string[] = [];
  const attention = report.entries.filter((e) => e.state !== 'working' && e.state !== 'disabled');
  const paint = { broken: c.red, missing: c.yellow, conflict: c.magenta, working: c.green, disabled: c.dim } as const;
  for (const entry of attention) {
    const where = `${t(entry.driver)}${entry.id !== undefined ? `, id ${entry.id}` : ''}${entry.described ? '' : ', not in the files'}`;
    lines.push(`${paint[entry.state](entry.state.padEnd(8))} ${c.bold(t(entry.mount_path))} (${where}): ${t(detail(entry))}`);
    if (entry.hint) lines.push(`         ${c.dim('hint:')} ${entry.hint}`);
  }
  if (attention.length > 0) lines.push('');
  const counts = countStates(report.entries);
  const parts = STORAGE_STATES.map((state) => `${counts[state]} ${state}`);
  const described = report.entries.filter((e) => e.described).length;
  const others = report.entries.length - described;
  const scope = `${count(described, 'storage')} described${others > 0 ? `, ${count(others, 'other')} on the server` : ''}`;
  const leftOut = report.leftOut > 0 ? `; ${count(report.leftOut, 'described storage')} left out by the filter` : '';
  lines.push(`${c.bold('Status:')} ${parts.join(', ')} (${scope}${leftOut}).`);
  if (attention.some((e) => e.state === 'missing' || e.state === 'conflict'))
    lines.push(c.dim('apply creates missing storages; conflicts need a decision in the files or the web UI.'));
  if (attention.some((e) => e.state === 'broken' && e.described)) lines.push(c.dim('Once the cause is fixed, apply --retry-broken restarts broken storages.'));
  return lines.join('\n');
}

function detail(entry: StatusEntry): string {
  if (entry.state === 'broken') return entry.status === '' ? '(no status yet: the driver is still starting)' : (entry.status ?? '');
  return entry.reason ?? '';
}
