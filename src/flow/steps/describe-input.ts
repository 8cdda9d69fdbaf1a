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

/**
 * The words of a path entry's input written by describeInput (`speech:продажи (0.91)` →
 * `продажи`), or null for keys and silence. Read here, next to the format it reads.
 */
export function spokenText(input: string | null): string | null {
  if (!input?.startsWith('speech:')) return null;
  const text = input.slice('speech:'.length).replace(/ \(\d+(?:\.\d+)?(?:e-?\d+)?\)$/, '');
  return text.length > 0 ? text : null;
}
