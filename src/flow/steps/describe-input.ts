import type { CallEvent } from '../events.js';

/** How the caller answered, for the call path: `dtmf:1`, `speech:продажи (0.91)`, or null. */
export function describeInput(event: CallEvent): string | null {
  if (event.type !== 'input.received') return null;
  if (event.digits) return `dtmf:${event.digits}`;
  if (event.speech) {
    const c = event.speech.confidence;
    return `speech:${event.speech.text}${c === null ? '' : ` (${c})`}`;
  }
  return null;
}
