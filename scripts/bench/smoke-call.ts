import { request } from 'undici';
import {
  BENCH_PUBLIC_URL,
  newCallSid,
  newVonageUuid,
  twilioWholeCall,
  vonageWholeCall,
  type BenchRequest,
  type WholeCallPaths,
} from './provider-requests.js';

/**
 * One whole call per provider played against the running IVR before any load: it checks
 * that a known customer hears the menu with their name, that key 2 transfers, and reads the
 * action URLs the IVR's own TwiML/NCCO name, so the load replays exactly what the provider
 * would request.
 */

export async function send(origin: string, r: BenchRequest) {
  const res = await request(origin + r.path, {
    method: r.method,
    headers: r.headers,
    body: r.body,
  });
  return { status: res.statusCode, body: await res.body.text() };
}

const unescapeXml = (s: string) =>
  s.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<');

const below = (url: string, callId: string) =>
  (url.startsWith(BENCH_PUBLIC_URL) ? url.slice(BENCH_PUBLIC_URL.length) : url).replaceAll(
    callId,
    '{call}',
  );

function expect(ok: boolean, what: string, body: string): void {
  if (!ok) throw new Error(`Smoke call: ${what}. Answer was:\n${body.slice(0, 600)}`);
}

export async function smokeTwilio(origin: string, e164: string): Promise<WholeCallPaths> {
  const sid = newCallSid();
  const placeholder: WholeCallPaths = { gather: '', dial: '' };
  const first = await send(origin, twilioWholeCall(sid, e164, placeholder)[0]!());
  expect(first.status === 200 && first.body.includes('<Gather'), 'no <Gather> menu', first.body);
  const gather = /<Gather[^>]*\saction="([^"]+)"/.exec(first.body)?.[1];
  expect(!!gather, 'the <Gather> has no action', first.body);
  const paths: WholeCallPaths = { gather: below(unescapeXml(gather!), sid), dial: '' };
  const second = await send(origin, twilioWholeCall(sid, e164, paths)[1]!());
  const dial = /<Dial[^>]*\saction="([^"]+)"/.exec(second.body)?.[1];
  expect(second.status === 200 && !!dial, 'key 2 did not transfer (<Dial action>)', second.body);
  paths.dial = below(unescapeXml(dial!), sid);
  const steps = twilioWholeCall(sid, e164, paths);
  for (const step of steps.slice(2)) {
    const res = await send(origin, step());
    expect(res.status < 300, `status ${res.status}`, res.body);
  }
  return paths;
}

type Ncco = Array<{ action: string; eventUrl?: string[] }>;

export async function smokeVonage(origin: string, e164: string): Promise<WholeCallPaths> {
  const uuid = newVonageUuid();
  const placeholder: WholeCallPaths = { gather: '', dial: '' };
  const first = await send(origin, vonageWholeCall(uuid, e164, placeholder)[0]!());
  expect(first.status === 200, `answer status ${first.status}`, first.body);
  const input = (JSON.parse(first.body) as Ncco).find((a) => a.action === 'input');
  expect(!!input?.eventUrl?.[0], 'no input action', first.body);
  const paths: WholeCallPaths = { gather: below(input!.eventUrl![0]!, uuid), dial: '' };
  const second = await send(origin, vonageWholeCall(uuid, e164, paths)[1]!());
  expect(second.status === 200, `input status ${second.status}`, second.body);
  const connect = (JSON.parse(second.body) as Ncco).find((a) => a.action === 'connect');
  expect(!!connect?.eventUrl?.[0], 'key 2 did not transfer (connect)', second.body);
  paths.dial = below(connect!.eventUrl![0]!, uuid);
  const steps = vonageWholeCall(uuid, e164, paths);
  for (const step of steps.slice(2)) {
    const res = await send(origin, step());
    expect(res.status < 300, `status ${res.status}`, res.body);
  }
  return paths;
}
