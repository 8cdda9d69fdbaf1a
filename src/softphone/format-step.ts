import type { CallStep } from '../simulator/heard.js';

/** The server answered with an error status rather than instructions. */
export function refused(step: CallStep): boolean {
  return step.status >= 400;
}

/** What the caller hears and what the call waits for, as terminal lines. */
export function formatStep(step: CallStep): string[] {
  const lines: string[] = [];
  if (step.status !== 200 && step.status !== 204) {
    lines.push(`  ⚠ HTTP ${step.status}: ${step.raw.slice(0, 300)}`);
  }
  for (const h of step.heard) {
    const barge = h.interruptible ? ' (you may answer now)' : '';
    if (h.text !== undefined) {
      const voice = [h.language, h.voice].filter(Boolean).join(' ');
      lines.push(`  🔊 ${voice ? `[${voice}] ` : ''}${h.text}${barge}`);
    }
    if (h.audioUrl) lines.push(`  🔊 ♪ ${h.audioUrl}${barge}`);
    if (h.pauseSec) lines.push(`  … ${h.pauseSec} s`);
  }
  if (step.waitingFor === 'input' && step.gather) {
    const g = step.gather;
    const listens = g.input.join(' + ');
    const lang = g.speechLanguage ? `, speech in ${g.speechLanguage}` : '';
    lines.push(`  ⌨ waiting for ${listens}${lang}, ${g.timeoutSec ?? '?'} s`);
  }
  if (step.waitingFor === 'dial' && step.dial) {
    const from = step.dial.callerId ? ` from ${step.dial.callerId}` : '';
    lines.push(`  ☎ dialling ${step.dial.number ?? step.dial.sip ?? '?'}${from}`);
  }
  if (step.waitingFor === 'end') {
    lines.push(
      refused(step)
        ? `  ✖ the server refused the request (HTTP ${step.status}): the call is over`
        : '  ⏹ the IVR ended the call',
    );
  }
  return lines;
}
