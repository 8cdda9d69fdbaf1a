import { readFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline/promises';
import { readCommandLine } from '../lib/command-line.js';
import { DEFAULT_TIMING } from '../softphone/speech-time.js';

const DEFAULT_FROM = '+77071234567';
const DEFAULT_TO = '+77172123456';

const USAGE = `Usage: npm run call -- [options]

Places a simulated call against the running server (npm start) exactly as Twilio or Vonage
would: signed requests, the returned TwiML/NCCO executed verb by verb, status callbacks.
Without --script or --step it is interactive: type keys (1, 123#), "say: words", Enter for
silence or "hangup" at each question (Ctrl-D hangs up too).

  --provider twilio|vonage   who calls (default twilio)
  --from <number>            the caller (default ${DEFAULT_FROM}, a demo customer: Әсел, Kazakh,
                             an order in delivery); an unknown number hears the language menu
  --to <number>              our number, the DID (default ${DEFAULT_TO})
  --url <address>            the server's local address (default http://localhost:$PORT);
                             requests are signed for PUBLIC_URL, as ngrok forwards them
  --script <file>            play a call script (see examples/), exit 1 if an expectation fails
  --step <line>              one script line; repeat it (--step "press 1" --step "expect-end")
  --far-end <outcome>        what the far end of each transfer does, in order: answered, busy,
                             no-answer, failed (interactive mode asks otherwise); repeatable
  --answer-method GET|POST   how Vonage fetches the answer URL (default GET)
  --chars-per-sec <n>        speech speed for the caller's time estimate (default ${DEFAULT_TIMING.charsPerSec})
  --ring-sec <n>             ringing before a transfer answers (default ${DEFAULT_TIMING.ringSec})
  --talk-sec <n>             talk after a transfer answers (default ${DEFAULT_TIMING.talkSec})
  -h, --help                 this text

Script lines: expect <text>, press <keys>, say <words>, say(0.3) <words>, silence, hangup,
expect-dial <number or sip:…>, far-end answered|busy|no-answer|failed, expect-end; // comments.
Secrets: TWILIO_AUTH_TOKEN and VONAGE_SIGNATURE_SECRET from .env; without them, and with a
local PUBLIC_URL, the development secrets npm start generated (data/development-secrets.json).
Exit codes: 0 the call went through (and the script passed), 1 an expectation failed or the
server refused the call, 2 the call could not be placed (no server at the address).
`;

/**
 * The terminal softphone: places a simulated call against a running server as Twilio or
 * Vonage would, signed with the secrets in .env (or the development secrets of a local
 * server without them).
 *   npm run call -- --provider vonage --from +77071234567
 *   npm run call -- --provider twilio --script examples/sales-call.txt
 */
async function main(): Promise<number> {
  const args = readCommandLine({
    usage: USAGE,
    options: {
      provider: { type: 'string', default: 'twilio' },
      from: { type: 'string', default: DEFAULT_FROM },
      to: { type: 'string', default: DEFAULT_TO },
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
  if (!args) return process.exitCode === 1 ? 1 : 0;
  const { values } = args;
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { loadConfig } = await import('../config/config.js');
  const { readDevelopmentSecrets } = await import('../config/development-secrets.js');
  const { httpTransport } = await import('../simulator/transport.js');
  const { parseFarEnd } = await import('../softphone/caller.js');
  const { parseScript } = await import('../softphone/script.js');
  const { runSoftphone } = await import('../softphone/softphone.js');
  const usageError = (message: string) => {
    process.stderr.write(`${message}\nRun npm run call -- --help for the options.\n`);
    return 1;
  };
  const provider = values.provider;
  if (provider !== 'twilio' && provider !== 'vonage') {
    return usageError(`--provider ${provider}: use twilio or vonage`);
  }
  const answerMethod = values['answer-method'].toUpperCase();
  if (answerMethod !== 'GET' && answerMethod !== 'POST') {
    return usageError('--answer-method: GET or POST');
  }
  const timing = {
    charsPerSec: Number(values['chars-per-sec']),
    ringSec: Number(values['ring-sec']),
    talkSec: Number(values['talk-sec']),
  };
  const bad = (
    [
      ['chars-per-sec', timing.charsPerSec],
      ['ring-sec', timing.ringSec],
      ['talk-sec', timing.talkSec],
    ] as const
  ).find(([, v]) => !(v > 0));
  if (bad) return usageError(`--${bad[0]} ${values[bad[0]]}: a positive number`);
  let farEnds;
  let script;
  try {
    farEnds = values['far-end'].map(parseFarEnd);
    const source = values.script
      ? readFileSync(values.script, 'utf8')
      : values.step.length > 0
        ? values.step.join('\n')
        : null;
    script = source === null ? null : parseScript(source);
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  const { config } = readDevelopmentSecrets(loadConfig());
  const terminal =
    script === null ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  const prompt = terminal ? hangUpAtEndOfInput(terminal) : undefined;
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
      timing,
      ...(script !== null ? { script } : {}),
      farEnds,
      ...(prompt ? { prompt } : {}),
      write: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    terminal?.close();
  }
}

/**
 * The terminal's questions, answered "hangup" once the input ends (Ctrl-D, a closed pipe):
 * readline would leave the question pending forever and the process would exit 0 mid-call.
 */
function hangUpAtEndOfInput(rl: Interface): Pick<Interface, 'question'> {
  let closed = false;
  const ended = new Promise<string>((resolve) =>
    rl.once('close', () => {
      closed = true;
      resolve('hangup');
    }),
  );
  return {
    question: (query: string) =>
      closed ? Promise.resolve('hangup') : Promise.race([rl.question(query), ended]),
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`call failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
