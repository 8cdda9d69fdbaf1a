import type { Interface } from 'node:readline/promises';
import type { FarEnd } from '../simulator/call-engine.js';
import { parseAnswer, parseFarEnd, type Answer, type Caller, type CallSummary } from './caller.js';
import { formatStep } from './format-step.js';
import { formatDuration } from './speech-time.js';

/**
 * The person at the keyboard: prints what the caller hears, reads keys or `say: …` for
 * each question, and the far end of each transfer unless given up front (`--far-end`).
 */
export class InteractiveCaller implements Caller {
  constructor(
    private readonly rl: Pick<Interface, 'question'>,
    private readonly write: (line: string) => void,
    private readonly farEnds: Array<FarEnd | 'hangup'> = [],
  ) {}

  hear(step: Parameters<Caller['hear']>[0]): void {
    for (const line of formatStep(step)) this.write(line);
  }

  async answer(): Promise<Answer> {
    for (;;) {
      const line = await this.rl.question('  ⌨ keys, "say: …", Enter for silence, "hangup": ');
      try {
        return parseAnswer(line);
      } catch (err) {
        this.write(`  ${(err as Error).message}`);
      }
    }
  }

  async farEnd(): Promise<FarEnd | 'hangup'> {
    const preset = this.farEnds.shift();
    if (preset) {
      this.write(`  ☎ far end: ${preset}`);
      return preset;
    }
    for (;;) {
      const line = await this.rl.question('  ☎ far end: [a]nswer, [b]usy, [n]o-answer, [f]ailed: ');
      try {
        return parseFarEnd(line || 'answer');
      } catch (err) {
        this.write(`  ${(err as Error).message}`);
      }
    }
  }

  ended(summary: CallSummary): void {
    const who =
      summary.endedBy === 'caller'
        ? 'you hung up'
        : summary.endedBy === 'refused'
          ? `the server refused it: HTTP ${summary.refusedStatus}`
          : 'the IVR ended the call';
    this.write(
      `call over (${who}); caller time ≈ ${formatDuration(summary.elapsedSec)}; ` +
        `final status callback → HTTP ${summary.finalCallbackStatus}`,
    );
  }
}
