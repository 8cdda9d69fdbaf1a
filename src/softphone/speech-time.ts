import type { CallStep } from '../simulator/heard.js';

export interface TimingOptions {
  /** Characters of text-to-speech per second (≈ 14 for Russian at a normal pace). */
  charsPerSec: number;
  /** Seconds a transfer rings before the far end answers or gives up. */
  ringSec: number;
  /** Seconds the caller talks to the person who answered. */
  talkSec: number;
}

export const DEFAULT_TIMING: TimingOptions = { charsPerSec: 14, ringSec: 6, talkSec: 42 };

/** Seconds the caller spends hearing a step: speech estimated from its length, pauses. */
export function listeningSec(step: CallStep, timing: TimingOptions): number {
  return step.heard.reduce((sum, h) => {
    if (h.text) return sum + h.text.length / timing.charsPerSec;
    if (h.pauseSec) return sum + h.pauseSec;
    // A recording's length is unknown here: count a typical short prompt.
    if (h.audioUrl) return sum + 3;
    return sum;
  }, 0);
}

/** "1 min 05 s" */
export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}
