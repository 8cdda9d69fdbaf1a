import type { CheckResult, CheckStatus } from './check-result.js';
import type { DoctorReport } from './run-doctor.js';

const ICON: Record<CheckStatus, string> = { ok: '✔', warn: '⚠', fail: '✖' };

/**
 * `✔ label — detail`, `⚠ label — detail — fix: …`, `✖ label — detail — fix: …`. A detail of
 * several lines (a ConfigError naming each variable) continues indented, the fix after it.
 */
export function formatResult(result: CheckResult): string {
  const [first = '', ...more] = (result.detail ?? '').split('\n');
  const head = `${ICON[result.status]} ${result.label}${first ? ` — ${first}` : ''}`;
  const fix = result.fix ? ` — fix: ${result.fix}` : '';
  if (more.length === 0) return `${head}${fix}`;
  const body = more.map((line) => `    ${line.trimStart()}`);
  return [head, ...body, ...(fix ? [`  ${fix.trimStart()}`] : [])].join('\n');
}

/** The last line: how many of each, so a long report ends with its verdict. */
export function formatSummary(report: DoctorReport): string {
  const count = (s: CheckStatus, noun: string) => {
    const n = report.results.filter((r) => r.status === s).length;
    return `${n} ${noun}${n === 1 || noun === 'ok' ? '' : 's'}`;
  };
  const verdict = report.ok ? 'nothing to fix' : 'fix the ✖ lines above';
  return `${count('ok', 'ok')}, ${count('warn', 'warning')}, ${count('fail', 'failure')}: ${verdict}`;
}
