import type { FarEnd } from '../simulator/call-engine.js';
import { spoken, type CallStep } from '../simulator/heard.js';
import type { Answer, Caller, CallSummary } from './caller.js';
import type { ScriptStep } from './script.js';

/**
 * Plays a call script: answers questions from the script's actions and checks its
 * expectations against what was heard since the previous action. Every failed expectation
 * is collected in `failures`; the softphone exits non-zero when there are any.
 */
export class ScriptCaller implements Caller {
  readonly failures: string[] = [];
  readonly notes: string[] = [];
  private readonly queue: ScriptStep[];
  private heardSince: CallStep[] = [];

  constructor(
    steps: ScriptStep[],
    private readonly onHear: (step: CallStep) => void = () => undefined,
  ) {
    this.queue = [...steps];
  }

  hear(step: CallStep): void {
    this.heardSince.push(step);
    this.onHear(step);
  }

  answer(): Promise<Answer> {
    this.checkExpectations();
    const next = this.queue.shift();
    this.heardSince = [];
    if (!next) return Promise.resolve(this.outOfScript('a question'));
    switch (next.kind) {
      case 'press':
        return Promise.resolve({ kind: 'dtmf', digits: next.digits });
      case 'say':
        return Promise.resolve({ kind: 'speech', text: next.words, confidence: next.confidence });
      case 'silence':
        return Promise.resolve({ kind: 'silence' });
      case 'hangup':
        return Promise.resolve({ kind: 'hangup' });
      default:
        this.failures.push(`line ${next.line}: "${next.text}", but the call waits for an answer`);
        return Promise.resolve({ kind: 'hangup' });
    }
  }

  farEnd(): Promise<FarEnd | 'hangup'> {
    this.checkExpectations();
    const next = this.queue.shift();
    this.heardSince = [];
    if (!next) {
      this.notes.push('the script ended during a transfer: hung up');
      return Promise.resolve('hangup');
    }
    if (next.kind === 'far-end') return Promise.resolve(next.outcome);
    if (next.kind === 'hangup') return Promise.resolve('hangup');
    this.failures.push(`line ${next.line}: "${next.text}", but the call is being transferred`);
    return Promise.resolve('hangup');
  }

  ended(_summary: CallSummary): void {
    this.checkExpectations();
    for (const left of this.queue.splice(0)) {
      this.failures.push(`line ${left.line}: "${left.text}", but the call had ended`);
    }
  }

  private outOfScript(what: string): Answer {
    this.notes.push(`the script ended at ${what}: hung up`);
    return { kind: 'hangup' };
  }

  /** Consumes the expectations at the head of the script, checking each. */
  private checkExpectations(): void {
    const last = this.heardSince.at(-1);
    const text = this.heardSince.map(spoken).join(' ');
    while (this.queue[0] && this.queue[0].kind.startsWith('expect')) {
      const e = this.queue.shift()!;
      if (e.kind === 'expect' && !text.includes(e.contains)) {
        this.failures.push(`line ${e.line}: expected to hear "${e.contains}", heard "${text}"`);
      }
      if (e.kind === 'expect-dial') {
        const dialled = last?.dial?.number ?? last?.dial?.sip ?? 'nothing';
        if (dialled !== e.destination) {
          this.failures.push(
            `line ${e.line}: expected a transfer to ${e.destination}, got ${dialled}`,
          );
        }
      }
      if (e.kind === 'expect-end' && last?.waitingFor !== 'end') {
        this.failures.push(
          `line ${e.line}: expected the IVR to end the call, it waits for ${last?.waitingFor ?? 'nothing'}`,
        );
      }
    }
  }
}
