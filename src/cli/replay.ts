import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import type { CallStep } from '../simulator/heard.js';
import { httpTransport } from '../simulator/transport.js';
import { TwilioCall } from '../simulator/twilio-call.js';
import { VonageCall } from '../simulator/vonage-call.js';

/**
 * Replays one call against a running server as Twilio or Vonage would place it, signed with
 * the secrets from .env, and prints what the caller hears.
 *   npm run replay -- --provider twilio --from +77071234567 --input 1 --dial completed
 */
const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'twilio' },
    from: { type: 'string', default: '+77071234567' },
    to: { type: 'string', default: '+77172123456' },
    url: { type: 'string' },
    input: { type: 'string', multiple: true, default: [] },
    dial: { type: 'string', multiple: true, default: [] },
  },
});

const config = loadConfig();
const transport = httpTransport(values.url ?? `http://localhost:${config.port}`, config.publicUrl);
const digitsOnly = (n: string) => n.replace(/[^\d]/g, '');
const call =
  values.provider === 'vonage'
    ? new VonageCall({
        transport,
        publicUrl: config.publicUrl,
        signatureSecret: config.vonageSignatureSecret,
        from: digitsOnly(values.from),
        to: digitsOnly(values.to),
      })
    : new TwilioCall({
        transport,
        publicUrl: config.publicUrl,
        authToken: config.twilioAuthToken,
        from: values.from,
        to: values.to,
      });

const OUTCOMES = ['completed', 'busy', 'no-answer', 'failed'] as const;
const isOutcome = (s: string): s is (typeof OUTCOMES)[number] =>
  (OUTCOMES as readonly string[]).includes(s);
const inputs = [...values.input];
const dials = [...values.dial];

function print(step: CallStep): void {
  if (step.status !== 200 && step.status !== 204) {
    process.stdout.write(`  ← HTTP ${step.status}: ${step.raw}\n`);
  }
  for (const h of step.heard) {
    if (h.text) process.stdout.write(`  🔊 [${h.language ?? '?'}] ${h.text}\n`);
    if (h.audioUrl) process.stdout.write(`  🔊 ♪ ${h.audioUrl}\n`);
    if (h.pauseSec) process.stdout.write(`  … ${h.pauseSec}s\n`);
  }
  if (step.waitingFor === 'dial') {
    process.stdout.write(`  ☎ dialling ${step.dial?.number ?? step.dial?.sip ?? '?'}\n`);
  }
}

async function run(): Promise<void> {
  process.stdout.write(`${values.provider}: call from ${values.from}\n`);
  let step = await call.start();
  print(step);
  while (step.waitingFor !== 'end') {
    if (step.waitingFor === 'input') {
      const answer = inputs.shift() ?? 'silence';
      process.stdout.write(`  ⌨ ${answer}\n`);
      if (answer === 'silence') step = await call.silence();
      else if (answer.startsWith('say:')) step = await call.say(answer.slice(4).trim(), 0.9);
      else step = await call.press(answer);
    } else {
      const outcome = dials.shift() ?? 'completed';
      if (!isOutcome(outcome)) throw new Error(`--dial ${outcome}: use ${OUTCOMES.join(', ')}`);
      process.stdout.write(`  ☎ ${outcome}\n`);
      step =
        call instanceof VonageCall
          ? await call.dialOutcome(outcome === 'no-answer' ? 'unanswered' : outcome)
          : await call.dialOutcome(outcome);
    }
    print(step);
  }
  const ended = await call.hangup();
  process.stdout.write(`call ended (status callback → HTTP ${ended.status})\n`);
}

run().catch((err: unknown) => {
  process.stderr.write(`replay failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
