import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { httpTransport } from '../simulator/transport.js';
import { parseFarEnd } from '../softphone/caller.js';
import { parseScript } from '../softphone/script.js';
import { runSoftphone } from '../softphone/softphone.js';
import { DEFAULT_TIMING } from '../softphone/speech-time.js';

/**
 * The terminal softphone: places a simulated call against a running server as Twilio or
 * Vonage would, signed with the secrets in .env.
 *   npm run call -- --provider vonage --from +77071234567
 *   npm run call -- --provider twilio --script calls/sales.txt
 *   npm run call -- --step "expect Добрый" --step "press 1" --step "far-end busy"
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      provider: { type: 'string', default: 'twilio' },
      from: { type: 'string', default: '+77071234567' },
      to: { type: 'string', default: '+77172123456' },
      url: { type: 'string' },
      script: { type: 'string' },
      step: { type: 'string', multiple: true, default: [] },
      'far-end': { type: 'string', multiple: true, default: [] },
      'answer-method': { type: 'string', default: 'GET' },
      'chars-per-sec': { type: 'string', default: String(DEFAULT_TIMING.charsPerSec) },
      'ring-sec': { type: 'string', default: String(DEFAULT_TIMING.ringSec) },
      'talk-sec': { type: 'string', default: String(DEFAULT_TIMING.talkSec) },
    },
  });
  const provider = values.provider;
  if (provider !== 'twilio' && provider !== 'vonage') {
    throw new Error(`--provider ${provider}: use twilio or vonage`);
  }
  const answerMethod = values['answer-method'].toUpperCase();
  if (answerMethod !== 'GET' && answerMethod !== 'POST') {
    throw new Error('--answer-method: GET or POST');
  }
  const positive = (name: string, v: string) => {
    const n = Number(v);
    if (!(n > 0)) throw new Error(`--${name} ${v}: a positive number`);
    return n;
  };
  const config = loadConfig();
  const scriptSource = values.script
    ? readFileSync(values.script, 'utf8')
    : values.step.length > 0
      ? values.step.join('\n')
      : null;
  const interactive = scriptSource === null;
  const prompt = interactive
    ? createInterface({ input: process.stdin, output: process.stdout })
    : undefined;
  try {
    return await runSoftphone({
      provider,
      from: values.from,
      to: values.to,
      transport: httpTransport(values.url ?? `http://localhost:${config.port}`, config.publicUrl),
      publicUrl: config.publicUrl,
      twilioAuthToken: config.twilioAuthToken,
      vonageSignatureSecret: config.vonageSignatureSecret,
      vonageAnswerMethod: answerMethod,
      timing: {
        charsPerSec: positive('chars-per-sec', values['chars-per-sec']),
        ringSec: positive('ring-sec', values['ring-sec']),
        talkSec: positive('talk-sec', values['talk-sec']),
      },
      ...(scriptSource !== null ? { script: parseScript(scriptSource) } : {}),
      farEnds: values['far-end'].map(parseFarEnd),
      ...(prompt ? { prompt } : {}),
      write: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    prompt?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`call failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
