import type { Interface } from 'node:readline/promises';
import type { CallEngine, FarEnd } from '../simulator/call-engine.js';
import type { Transport } from '../simulator/transport.js';
import { TwilioCall } from '../simulator/twilio-call.js';
import { VonageCall } from '../simulator/vonage-call.js';
import { formatStep } from './format-step.js';
import { InteractiveCaller } from './interactive-caller.js';
import { runCall } from './run-call.js';
import type { ScriptStep } from './script.js';
import { ScriptCaller } from './script-caller.js';
import { formatDuration, type TimingOptions } from './speech-time.js';

export interface SoftphoneOptions {
  provider: 'twilio' | 'vonage';
  /** Caller number as the person would write it. */
  from: string;
  /** Our number (DID). */
  to: string;
  transport: Transport;
  publicUrl: string;
  twilioAuthToken: string | null;
  vonageSignatureSecret: string | null;
  vonageAnswerMethod: 'GET' | 'POST';
  timing: TimingOptions;
  /** Script mode when given; interactive otherwise (needs `prompt`). */
  script?: ScriptStep[];
  /** Interactive mode: far-end outcomes decided up front, in order. */
  farEnds?: Array<FarEnd | 'hangup'>;
  prompt?: Pick<Interface, 'question'>;
  write: (line: string) => void;
}

/** Builds the provider's call engine, exactly as that provider would call us. */
export function createEngine(o: SoftphoneOptions): CallEngine {
  if (o.provider === 'vonage') {
    return new VonageCall({
      transport: o.transport,
      publicUrl: o.publicUrl,
      signatureSecret: o.vonageSignatureSecret,
      // Vonage sends international digits without "+".
      from: o.from.replace(/[^\d]/g, ''),
      to: o.to.replace(/[^\d]/g, ''),
      answerMethod: o.vonageAnswerMethod,
    });
  }
  return new TwilioCall({
    transport: o.transport,
    publicUrl: o.publicUrl,
    authToken: o.twilioAuthToken,
    from: o.from,
    to: o.to,
  });
}

/**
 * Places one simulated call. Interactive: the person at the keyboard answers. Script:
 * the script answers and its expectations are checked. Returns the process exit code
 * (1 when an expectation failed).
 */
export async function runSoftphone(o: SoftphoneOptions): Promise<number> {
  const engine = createEngine(o);
  o.write(`${o.provider}: call from ${o.from} to ${o.to}`);
  if (o.script) {
    const caller = new ScriptCaller(o.script, (step) => formatStep(step).forEach(o.write));
    const summary = await runCall(engine, caller, o.timing);
    for (const note of caller.notes) o.write(`  note: ${note}`);
    o.write(`call over; caller time ≈ ${formatDuration(summary.elapsedSec)}`);
    if (summary.endedBy === 'refused') explainRefusal(o, summary.refusedStatus);
    if (caller.failures.length > 0) {
      o.write(`✖ ${caller.failures.length} expectation(s) failed:`);
      for (const f of caller.failures) o.write(`  ${f}`);
      return 1;
    }
    o.write('✔ script passed');
    return 0;
  }
  if (!o.prompt) throw new Error('Interactive mode needs a terminal (or use --script)');
  const summary = await runCall(
    engine,
    new InteractiveCaller(o.prompt, o.write, o.farEnds),
    o.timing,
  );
  if (summary.endedBy !== 'refused') return 0;
  explainRefusal(o, summary.refusedStatus);
  return 1;
}

/** Why the server may have refused the call, and what to do about it. */
function explainRefusal(o: SoftphoneOptions, status: number | undefined): void {
  if (status !== 403) {
    o.write(`✖ the server refused the call (HTTP ${status}): its log says why`);
    return;
  }
  const secret = o.provider === 'twilio' ? 'TWILIO_AUTH_TOKEN' : 'VONAGE_SIGNATURE_SECRET';
  const signedWith = o.provider === 'twilio' ? o.twilioAuthToken : o.vonageSignatureSecret;
  o.write(
    signedWith
      ? `✖ the server refused the call's signature (HTTP 403): it checks with another ${secret} ` +
          `or another PUBLIC_URL than this softphone (${o.publicUrl}). Run both from the same ` +
          'folder, with the same .env.'
      : `✖ the server refused the unsigned call (HTTP 403): set ${secret} in .env for both the ` +
          'server and the softphone, or, without it and with a local PUBLIC_URL, start the server ' +
          'first (npm start generates the development secrets this softphone reads).',
  );
}
