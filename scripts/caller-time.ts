/**
 * `npm run caller-time`: how long a caller listens before reaching what they called for.
 * Plays scripted whole calls through the simulator against the real app (embedded SQLite
 * CRM seeded with the test customers, the shipped IVR settings, a fixed clock), for every
 * predicted scenario in every language, and times each prompt as espeak-ng says it (sox
 * measures the WAV) plus the caller's answers. Prints seconds to outcome per call, the
 * median per language, prompts before the caller's name and the costliest prompt
 * (docs/caller-time.md). `--markdown` prints the tables for the doc, `--prompts` every prompt
 * with its seconds. The longest prompt of each language is printed, and flagged when it is
 * 8 s or more; so is any call over 25 s. Exit code 1 when a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { composeDeps } from '../src/compose.js';
import { parseConfig } from '../src/config/config.js';
import { createEmbeddedCrm } from '../src/crm/create-embedded-crm.js';
import type { Language } from '../src/flow/language.js';
import { createLogger } from '../src/lib/logger.js';
import { fixedClock } from '../src/runtime/clock.js';
import type { CallStep } from '../src/simulator/heard.js';
import { httpTransport } from '../src/simulator/transport.js';
import { TwilioCall } from '../src/simulator/twilio-call.js';

const PUBLIC_URL = 'https://caller-time.example';
const TOKEN = 'caller-time-token-0123456789';
/** Saturday 21 November 2026, 12:00 in Almaty: the test customers' items are dated from it. */
const NOW = '2026-11-21T07:00:00Z';
/** What a caller needs to answer: a key takes a second, speech 0.4 s a word and the end-of-speech pause. */
const KEY_SEC = 1;
/** Issue 17's targets: the median per language, and the longest prompt (flagged at or above). */
const TARGET_MEDIAN_SEC = 25;
const MAX_PROMPT_SEC = 8;
const showPrompts = process.argv.includes('--prompts');
const WORD_SEC = 0.4;
const END_OF_SPEECH_SEC = 0.8;

type Answer = { press: string } | { say: string };
interface Scenario {
  name: string;
  phone: string;
  customerId: string;
  firstName: string;
  /** The caller's answers, in order; the outcome is what the last one gets. */
  answers: (language: Language) => Answer[];
  /** Languages it is played in (the code-switched one only where it is natural). */
  languages: Language[];
}

const YES: Record<Language, string> = { ru: 'да', kk: 'иә', en: 'yes', uk: 'так' };
const ALL: Language[] = ['ru', 'kk', 'en', 'uk'];

const SCENARIOS: Scenario[] = [
  {
    name: 'order status',
    phone: '+77051112201',
    customerId: 'c-aliya',
    firstName: 'Әлия',
    answers: (l) => [{ say: YES[l] }],
    languages: ALL,
  },
  {
    name: 'card block',
    phone: '+77051112202',
    customerId: 'c-boris',
    firstName: 'Борис',
    answers: () => [{ press: '1' }],
    languages: ALL,
  },
  {
    name: 'appointment confirmation',
    phone: '+77051112203',
    customerId: 'c-dana',
    firstName: 'Дана',
    answers: (l) => [{ say: YES[l] }, { press: '1' }],
    languages: ALL,
  },
  {
    name: 'balance by SMS',
    phone: '+77071234567',
    customerId: 'c-asel',
    firstName: 'Әсел',
    // The menu's balance key, then the contract number: the SMS goes out without a read-back.
    answers: () => [{ press: '#' }, { press: '12345678#' }],
    languages: ALL,
  },
  {
    name: 'code-switched order question',
    phone: '+77051112201',
    customerId: 'c-aliya',
    firstName: 'Әлия',
    answers: (l) => [{ say: l === 'kk' ? 'менің order-ім қайда' : 'где мой order' }],
    languages: ['kk', 'ru'],
  },
];

const ESPEAK_VOICE: Record<Language, string> = { ru: 'ru', kk: 'kk', en: 'en-gb', uk: 'uk' };
const spokenSec = new Map<string, number>();
const work = mkdtempSync(join(tmpdir(), 'caller-time-'));

/** Seconds espeak-ng takes to say `text` in `language`, measured by soxi on the WAV. */
function secondsOf(text: string, language: Language): number {
  const key = `${language}\u0000${text}`;
  const known = spokenSec.get(key);
  if (known !== undefined) return known;
  const file = join(work, `${spokenSec.size}.wav`);
  execFileSync('espeak-ng', ['-v', ESPEAK_VOICE[language], '-b', '1', '-w', file, '--stdin'], {
    input: text,
  });
  const seconds = Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
  spokenSec.set(key, seconds);
  return seconds;
}

const answerSec = (a: Answer) =>
  'press' in a ? KEY_SEC : a.say.split(/\s+/).filter(Boolean).length * WORD_SEC + END_OF_SPEECH_SEC;

interface Timed {
  scenario: string;
  language: Language;
  seconds: number;
  promptsBeforeName: number;
  longest: { seconds: number; text: string };
  outcome: string;
}

async function main(): Promise<void> {
  const markdown = process.argv.includes('--markdown');
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL,
    TWILIO_AUTH_TOKEN: TOKEN,
    VONAGE_SIGNATURE_SECRET: TOKEN,
    OPERATOR_NUMBER: '+77172000000',
    DATABASE_PATH: join(work, 'crm.sqlite'),
  });
  const embedded = await createEmbeddedCrm({
    database: config.databasePath,
    seedFile: new URL('../test/fixtures/crm/customers.json', import.meta.url).pathname,
    defaultRegion: 'KZ',
  });
  const deps = composeDeps({
    config,
    crm: embedded.crm,
    sms: { send: () => Promise.resolve({ channel: 'outbox', id: 'caller-time' }) },
    logger: createLogger('silent'),
    clock: fixedClock(NOW),
  });
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const transport = httpTransport(base, PUBLIC_URL);
  const results: Timed[] = [];
  try {
    for (const s of SCENARIOS) {
      for (const language of s.languages) {
        await embedded.db
          .updateTable('customers')
          .set({ language })
          .where('id', '=', s.customerId)
          .execute();
        const call = new TwilioCall({
          transport,
          publicUrl: PUBLIC_URL,
          authToken: TOKEN,
          from: s.phone,
          to: '+77172123456',
          now: () => Date.parse(NOW),
        });
        const steps: CallStep[] = [await call.start()];
        const answers = s.answers(language);
        for (const a of answers) {
          steps.push(await ('press' in a ? call.press(a.press) : call.say(a.say, 0.9)));
        }
        await call.hangup();
        results.push(timeCall(s, language, steps, answers));
      }
    }
  } finally {
    server.close();
    await embedded.close();
    rmSync(work, { recursive: true, force: true });
  }
  print(results, markdown);
}

/** Everything heard up to the outcome, the answers, prompts before the name, the longest prompt. */
function timeCall(s: Scenario, language: Language, steps: CallStep[], answers: Answer[]): Timed {
  let seconds = answers.reduce((n, a) => n + answerSec(a), 0);
  let longest = { seconds: 0, text: '' };
  let promptsBeforeName = -1;
  let heardSoFar = 0;
  const last = steps.length - 1;
  steps.forEach((step, i) => {
    // The last answer's outcome: its first prompt (the status, the confirmation, "connecting").
    const heard = i === last ? step.heard.slice(0, 1) : step.heard;
    for (const h of heard) {
      if (!h.text) continue;
      const sec = secondsOf(h.text, language);
      if (showPrompts)
        process.stdout.write(`${s.name} ${language} ${sec.toFixed(1)} «${h.text}»\n`);
      seconds += sec;
      if (sec > longest.seconds) longest = { seconds: sec, text: h.text };
      if (promptsBeforeName < 0 && h.text.includes(s.firstName)) promptsBeforeName = heardSoFar;
      heardSoFar += 1;
    }
  });
  const end = steps[last]!;
  const outcome = end.dial?.number
    ? `transfer ${end.dial.number}`
    : (end.heard[0]?.text ?? '').slice(0, 60);
  return { scenario: s.name, language, seconds, promptsBeforeName, longest, outcome };
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function print(results: Timed[], markdown: boolean): void {
  const f = (n: number) => n.toFixed(1);
  const rows = results.map((r) => [
    r.scenario,
    r.language,
    f(r.seconds),
    r.promptsBeforeName < 0 ? '—' : String(r.promptsBeforeName),
    `${f(r.longest.seconds)} «${r.longest.text.slice(0, 70)}${r.longest.text.length > 70 ? '…' : ''}»`,
  ]);
  const head = ['scenario', 'lang', 's to outcome', 'prompts before name', 'costliest prompt (s)'];
  const langs = [...new Set(results.map((r) => r.language))];
  const medians = langs.map((l) => [
    l,
    f(median(results.filter((r) => r.language === l).map((r) => r.seconds))),
  ]);
  const overall = f(median(results.map((r) => r.seconds)));
  const longestPer = langs.map((l) =>
    results
      .filter((r) => r.language === l)
      .reduce((a, b) => (b.longest.seconds > a.longest.seconds ? b : a)),
  );
  const flags: string[] = [];
  for (const r of results) {
    if (r.seconds > TARGET_MEDIAN_SEC) {
      flags.push(`OVER ${TARGET_MEDIAN_SEC} s: ${r.scenario} (${r.language}) ${f(r.seconds)} s`);
    }
  }
  for (const r of longestPer) {
    if (r.longest.seconds >= MAX_PROMPT_SEC) {
      flags.push(
        `PROMPT ≥ ${MAX_PROMPT_SEC} s (${r.language}): ${f(r.longest.seconds)} s «${r.longest.text}»`,
      );
    }
  }
  for (const [l, m] of medians) {
    if (Number(m) > TARGET_MEDIAN_SEC)
      flags.push(`MEDIAN OVER ${TARGET_MEDIAN_SEC} s: ${l} ${m} s`);
  }
  const worst = results.reduce((a, b) => (b.longest.seconds > a.longest.seconds ? b : a));
  if (markdown) {
    const table = (h: string[], rs: string[][]) =>
      [
        `| ${h.join(' | ')} |`,
        `| ${h.map(() => '---').join(' | ')} |`,
        ...rs.map((r) => `| ${r.join(' | ')} |`),
      ].join('\n');
    const perLanguage = langs.map((l, i) => {
      const r = longestPer[i]!;
      return [l, medians[i]![1]!, `${f(r.longest.seconds)} «${r.longest.text}» (${r.scenario})`];
    });
    process.stdout.write(
      `${table(head, rows)}\n\n${table(['lang', 'median s', 'longest prompt (s)'], perLanguage)}\n\n`,
    );
  } else {
    for (const r of rows) process.stdout.write(`${r.join('  ')}\n`);
    process.stdout.write(
      `\nmedian per language: ${medians.map(([l, m]) => `${l} ${m} s`).join(', ')}\n`,
    );
    for (const r of longestPer) {
      process.stdout.write(
        `longest prompt (${r.language}): ${f(r.longest.seconds)} s «${r.longest.text}» (${r.scenario})\n`,
      );
    }
  }
  process.stdout.write(
    `median overall: ${overall} s; costliest prompt: ${f(worst.longest.seconds)} s (${worst.language}, ${worst.scenario}): «${worst.longest.text}»\n`,
  );
  process.stdout.write(
    flags.length > 0
      ? `\nTargets missed:\n${flags.map((x) => `  ${x}`).join('\n')}\n`
      : `\nAll targets met: every call ≤ ${TARGET_MEDIAN_SEC} s, every prompt < ${MAX_PROMPT_SEC} s.\n`,
  );
  if (flags.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
