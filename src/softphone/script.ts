import type { FarEnd } from '../simulator/call-engine.js';
import { parseFarEnd } from './caller.js';

/**
 * One line of a call script. Actions answer the call's questions in order; expectations
 * check what was heard since the previous action.
 *
 *   expect Добрый день        ← heard text contains this
 *   press 1                   ← keys (123# works; # ends input)
 *   say где мой заказ         ← speech, confidence 0.9
 *   say(0.3) продажи          ← speech with a given confidence
 *   silence                   ← no input until the timeout
 *   expect-dial +77172000001  ← the call is being transferred there
 *   far-end busy              ← answered | busy | no-answer | failed
 *   expect-end                ← the IVR has ended the call
 *   hangup                    ← the caller hangs up
 */
export type ScriptStep = { line: number; text: string } & (
  | { kind: 'press'; digits: string }
  | { kind: 'say'; words: string; confidence: number }
  | { kind: 'silence' }
  | { kind: 'hangup' }
  | { kind: 'far-end'; outcome: FarEnd | 'hangup' }
  | { kind: 'expect'; contains: string }
  | { kind: 'expect-dial'; destination: string }
  | { kind: 'expect-end' }
);

/** Parses a script: one step per line; blank lines and lines starting with `// ` are skipped. */
export function parseScript(source: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('//')) return;
    const line = index + 1;
    const [word = '', ...restWords] = text.split(/\s+/);
    const rest = restWords.join(' ');
    const say = /^say(?:\((0(?:\.\d+)?|1(?:\.0+)?)\))?$/.exec(word);
    if (word === 'press' && /^[0-9*#]+$/.test(rest)) {
      steps.push({ line, text, kind: 'press', digits: rest });
    } else if (say && rest) {
      steps.push({ line, text, kind: 'say', words: rest, confidence: Number(say[1] ?? 0.9) });
    } else if (word === 'silence' && !rest) {
      steps.push({ line, text, kind: 'silence' });
    } else if (word === 'hangup' && !rest) {
      steps.push({ line, text, kind: 'hangup' });
    } else if (word === 'far-end' && rest) {
      try {
        steps.push({ line, text, kind: 'far-end', outcome: parseFarEnd(rest) });
      } catch (err) {
        throw new Error(`script line ${line}: ${(err as Error).message}`);
      }
    } else if (word === 'expect' && rest) {
      steps.push({ line, text, kind: 'expect', contains: rest });
    } else if (word === 'expect-dial' && rest) {
      steps.push({ line, text, kind: 'expect-dial', destination: rest });
    } else if (word === 'expect-end' && !rest) {
      steps.push({ line, text, kind: 'expect-end' });
    } else {
      throw new Error(`script line ${line}: cannot read "${text}"`);
    }
  });
  return steps;
}
