import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { CustomerProfile } from '../../src/flow/customer.js';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';
import { nccoSchema } from '../../src/providers/vonage/ncco.js';
import { httpTransport, type SimResponse, type Transport } from '../../src/simulator/transport.js';
import { readTwiml, type TwimlNode } from '../../src/simulator/twiml-reader.js';
import { MisbehavingCrm } from '../support/fake-crm.js';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';

/**
 * Cases per provider: 2,000 in the normal run, FUZZ_RUNS (or 20,000 under `npm run fuzz`).
 * The seed is fixed so a failure replays; FUZZ_SEED picks another.
 */
export const FUZZ_RUNS = Number(
  process.env.FUZZ_RUNS ?? (process.env.npm_lifecycle_event === 'fuzz' ? 20_000 : 2_000),
);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261207);

/** A CRM whose one customer's name the fuzz case sets: text from a CRM is hostile input too. */
export class FuzzCrm extends MisbehavingCrm {
  name = 'Әсел';
  constructor() {
    super({});
  }
  override findCustomerByPhone(): Promise<CustomerProfile | null> {
    return Promise.resolve({
      id: 'c-fuzz',
      firstName: this.name,
      lastName: null,
      patronymic: null,
      language: 'kk',
      timeZone: 'Asia/Almaty',
      segment: null,
      phones: [],
      items: [],
      account: NO_ACCOUNT_FACTS,
    });
  }
}

/** The real app on a real listening socket, requests over HTTP as a provider sends them. */
export async function fuzzApp(): Promise<{
  t: TestApp;
  crm: FuzzCrm;
  transport: Transport;
  close(): Promise<void>;
}> {
  const crm = new FuzzCrm();
  const t = await buildTestApp({ crm });
  const server: Server = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    t,
    crm,
    transport: httpTransport(`http://127.0.0.1:${port}`, PUBLIC_URL),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Pieces of hostile text: markup, entities, controls, lone surrogates, U+FFFD, Kazakh letters. */
const atoms = fc.constantFrom(
  '<speak>',
  '</speak>',
  '<break time="9s"/>',
  '<prosody rate="x-slow">',
  '<b>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '&amp;',
  '&lt;',
  '&',
  '<',
  '>',
  '"',
  "'",
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u0085',
  '\ud800',
  '\udfff',
  '\ufffd',
  '\ufffe',
  '\u200b',
  '\n',
  '\t',
  '%',
  '%ED%A0%80',
  '+',
  'ә ғ қ ң ө ұ ү һ і',
  'Әсел',
  '#',
  '*',
  '1',
  '0',
);

/** Hostile text: atoms and arbitrary strings (any code unit, surrogates included). */
export const hostileText = fc
  .array(fc.oneof(atoms, fc.string({ unit: 'binary', maxLength: 12 }), fc.string()), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

/** Mostly well-formed, sometimes hostile: `valid` with the odds given. */
export const mostly = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: other });

export const hex = (n: number) =>
  fc
    .array(fc.constantFrom(...'0123456789abcdef'), { minLength: n, maxLength: n })
    .map((a) => a.join(''));

/** What every answer, to any request, must be: never a 500, a page or a stack. */
export function expectSafeAnswer(res: SimResponse, what: string): void {
  expect(res.status, `${what} → ${res.status} ${res.body.slice(0, 300)}`).not.toBe(500);
  expect(res.status, what).toBeLessThan(500);
  expect(res.contentType, what).not.toMatch(/html/);
  expect(res.body, what).not.toMatch(/<html|<!DOCTYPE|\n\s+at .+:\d+:\d+/i);
}

const TWIML_VERBS = new Set(['Say', 'Play', 'Pause', 'Gather', 'Dial', 'Hangup', 'Redirect']);
const GATHER_NOUNS = new Set(['Say', 'Play', 'Pause']);
const DIAL_NOUNS = new Set(['Number', 'Sip']);

/** A 200 from a Twilio webhook: well-formed TwiML of our verbs, `<Say>` holding only text. */
export function expectValidTwiml(res: SimResponse, what: string): TwimlNode[] {
  expect(res.contentType, what).toMatch(/xml/);
  expect(XMLValidator.validate(res.body), `${what}: ${res.body.slice(0, 300)}`).toBe(true);
  const verbs = readTwiml(res.body);
  const says: TwimlNode[] = [];
  for (const v of verbs) {
    expect(TWIML_VERBS.has(v.name), `${what}: <${v.name}>`).toBe(true);
    if (v.name === 'Say') says.push(v);
    if (v.name === 'Gather') {
      for (const c of v.children) {
        expect(GATHER_NOUNS.has(c.name), `${what}: <Gather><${c.name}>`).toBe(true);
        if (c.name === 'Say') says.push(c);
      }
    }
    if (v.name === 'Dial') {
      for (const c of v.children) expect(DIAL_NOUNS.has(c.name), what).toBe(true);
    }
  }
  // Markup from input would be child elements of <Say> (live SSML); escaped text is only text.
  for (const say of says) {
    expect(say.children, `${what}: markup inside <Say>`).toEqual([]);
    expect(say.text, what).not.toMatch(/[\p{Cc}\p{Cs}\uFFFD]/u);
  }
  return verbs;
}

/** The only markup we write into a talk ourselves: a pause. */
const OUR_PAUSE = /^<speak><break time="\d+(\.\d+)?s"\/><\/speak>$/;

/** A 200 from a Vonage webhook: an NCCO our schema accepts, talk text without markup. */
export function expectValidNcco(res: SimResponse, what: string): void {
  expect(res.contentType, what).toMatch(/json/);
  const ncco: unknown = JSON.parse(res.body);
  const parsed = nccoSchema.safeParse(ncco);
  expect(parsed.success, `${what}: ${parsed.error?.message ?? ''} ${res.body.slice(0, 300)}`).toBe(
    true,
  );
  for (const action of parsed.data ?? []) {
    if (action.action !== 'talk' || OUR_PAUSE.test(action.text)) continue;
    expect(action.text, `${what}: markup in talk`).not.toMatch(/[<>]/);
    expect(action.text, what).not.toMatch(/[\p{Cc}\p{Cs}\uFFFD]/u);
  }
}
