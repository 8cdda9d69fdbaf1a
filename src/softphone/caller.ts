import type { FarEnd } from '../simulator/call-engine.js';
import type { CallStep } from '../simulator/heard.js';

/** What the caller does at a question. */
export type Answer =
  | { kind: 'dtmf'; digits: string }
  | { kind: 'speech'; text: string; confidence: number }
  | { kind: 'silence' }
  | { kind: 'hangup' };

/**
 * The person (or script) on the phone: hears each step, answers questions and decides
 * what the far end of a transfer does. The interactive softphone and script mode are two
 * implementations; the engine that drives them is the same.
 */
export interface Caller {
  hear(step: CallStep): void;
  answer(step: CallStep): Promise<Answer>;
  farEnd(step: CallStep): Promise<FarEnd | 'hangup'>;
  /** The call is over; `elapsedSec` is the caller's estimated time on the line. */
  ended(summary: CallSummary): void;
}

export interface CallSummary {
  steps: CallStep[];
  /** Estimated seconds the caller spent on the line (speech, waits, ringing, talk). */
  elapsedSec: number;
  /** Who ended the call: the IVR, the caller, or the server refusing a request (403, 400…). */
  endedBy: 'ivr' | 'caller' | 'refused';
  /** The HTTP status of the refused request, when `endedBy` is `refused`. */
  refusedStatus?: number;
  /** HTTP status of the final status callback/event. */
  finalCallbackStatus: number;
}

/** Parses what a person types at a question: `1`, `123#`, `say: где мой заказ`, ``, `hangup`. */
export function parseAnswer(line: string, confidence = 0.9): Answer {
  const text = line.trim();
  if (text === '' || text === 'silence') return { kind: 'silence' };
  if (text === 'hangup') return { kind: 'hangup' };
  const said = /^say:\s*(.+)$/i.exec(text);
  if (said) return { kind: 'speech', text: said[1]!.trim(), confidence };
  if (/^[0-9*#]+$/.test(text)) return { kind: 'dtmf', digits: text };
  throw new Error(`"${text}": type keys (1, 123#), "say: words", "silence" or "hangup"`);
}

/** Parses a far-end outcome: answer(ed), busy, no-answer, failed, or hangup (the caller). */
export function parseFarEnd(word: string): FarEnd | 'hangup' {
  const w = word.trim().toLowerCase();
  if (w === 'a' || w === 'answer' || w === 'answered') return 'answered';
  if (w === 'b' || w === 'busy') return 'busy';
  if (w === 'n' || w === 'no-answer' || w === 'noanswer') return 'no-answer';
  if (w === 'f' || w === 'failed') return 'failed';
  if (w === 'hangup') return 'hangup';
  throw new Error(`"${word}": answer, busy, no-answer, failed or hangup`);
}
