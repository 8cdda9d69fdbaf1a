import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { memoryLogger } from '../support/memory-logger.js';
import {
  createScreenPop,
  screenPopFromConfig,
  type ScreenPop,
  type ScreenPopOutcome,
} from '../../src/operator-context/screen-pop.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, testConfig } from '../support/test-app.js';
import { startReceiver } from './screen-pop-receiver.js';

const SECRET = 'screen-pop-test-secret-0123456789';
const ASEL = '+77071234567';
const KAZAKH = 'менің төлем туралы сұрағым бар';

const receivers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(mode: 'ok' | 'fail' | 'hang' = 'ok') {
  const r = await startReceiver(mode);
  receivers.push(r);
  return r;
}

/** How a receiver checks a request: written here from the documented rule, not reused. */
function verifies(headers: Record<string, unknown>, body: string, secret: string): boolean {
  const timestamp = String(headers['x-ivr-timestamp']);
  const given = Buffer.from(String(headers['x-ivr-signature']));
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  const expected = Buffer.from(`sha256=${hex}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A screen pop whose every request the test can await, and whether it has settled. */
function observed(pop: ScreenPop) {
  const sent: Array<{ outcome: Promise<ScreenPopOutcome>; settled: boolean }> = [];
  const wrapped: ScreenPop = (context) => {
    const entry = { outcome: pop(context), settled: false };
    void entry.outcome.then(() => (entry.settled = true));
    sent.push(entry);
    return entry.outcome;
  };
  return { pop: wrapped, sent };
}

describe.each(PROVIDERS)('$name: screen pop on transfer', (provider) => {
  it('posts the context, signed, when a transfer starts', async () => {
    const r = await receiver('ok');
    const fetched = vi.spyOn(globalThis, 'fetch');
    const t = await buildTestApp({
      env: { SCREEN_POP_URL: r.url, SCREEN_POP_SECRET: SECRET },
    });
    const call = provider.call(t, ASEL);
    await call.start();
    const transfer = await call.say(KAZAKH, 0.87);
    expect(transfer.dial?.sip).toBe('sip:billing@pbx.example.kz');

    const got = await r.first();
    expect(got.method).toBe('POST');
    expect(got.path).toBe('/ivr/screen-pop');
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(verifies(got.headers, got.body, SECRET)).toBe(true);
    expect(verifies(got.headers, got.body.replace('c-asel', 'c-arman'), SECRET)).toBe(false);
    expect(verifies(got.headers, got.body, 'another-secret-0123456789')).toBe(false);
    const timestamp = Number(got.headers['x-ivr-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);

    const payload = JSON.parse(got.body) as { event: string; context: Record<string, unknown> };
    expect(payload.event).toBe('transfer');
    expect(payload.context).toMatchObject({
      callId: call.id,
      provider: provider.name,
      customerId: 'c-asel',
      maskedCaller: '+7707*****67',
      language: 'kk',
      segment: 'regular',
      segmentRule: null,
      predictedReason: null,
      callerAnswer: null,
      speech: [KAZAKH],
      target: { id: 'billing', destination: 'sip:billing@pbx.example.kz' },
    });
    expect(payload.context.path).toContainEqual(
      expect.objectContaining({
        step: 'menu',
        input: `speech:${KAZAKH} (0.87)`,
        result: 'chosen:billing',
      }),
    );
    // The number only masked, no names: the receiving CRM knows the customer by id.
    expect(got.body).not.toContain('77071234567');
    expect(got.body).not.toContain('Әсел');
    expect(r.received).toHaveLength(1);
    expect(fetched).toHaveBeenCalledTimes(1);
    expect(fetched).toHaveBeenCalledWith(r.url, expect.objectContaining({ method: 'POST' }));
  });

  it('the call goes on at once while the receiver hangs past the timeout', async () => {
    const r = await receiver('hang');
    const log = memoryLogger();
    const env = { SCREEN_POP_URL: r.url, SCREEN_POP_SECRET: SECRET, SCREEN_POP_TIMEOUT_MS: '800' };
    const pops = observed(screenPopFromConfig(testConfig(env), log.logger)!);
    const t = await buildTestApp({ env, logger: log.logger, screenPop: pops.pop });
    const call = provider.call(t, ASEL);
    await call.start();
    const transfer = await call.press('1');
    expect(transfer.dial?.number).toBe('+77172000001');
    // The transfer was answered while the screen pop still waits for the receiver.
    expect(pops.sent).toHaveLength(1);
    expect(pops.sent[0]!.settled).toBe(false);

    const outcome = await pops.sent[0]!.outcome;
    expect(outcome).toMatchObject({ sent: false, reason: 'timeout', status: null });
    expect(outcome.ms).toBeGreaterThanOrEqual(750);
    expect(r.received).toHaveLength(1);
    const after = await call.dialOutcome('answered');
    expect(after.waitingFor).toBe('end');
    expect((await call.hangup()).status).toBe(204);
    expect(log.text()).toContain('screen pop timed out after 800 ms');
    expect(log.text()).toContain('+7707*****67');
    expect(log.text()).not.toContain('77071234567');
  });

  it('a receiver answering 500 is logged and the call goes on', async () => {
    const r = await receiver('fail');
    const log = memoryLogger();
    const env = { SCREEN_POP_URL: r.url, SCREEN_POP_SECRET: SECRET };
    const pops = observed(screenPopFromConfig(testConfig(env), log.logger)!);
    const t = await buildTestApp({ env, logger: log.logger, screenPop: pops.pop });
    const call = provider.call(t, ASEL);
    await call.start();
    const transfer = await call.press('2');
    expect(transfer.dial?.number).toBe('+77172000002');
    expect(await pops.sent[0]!.outcome).toMatchObject({
      sent: false,
      reason: 'rejected',
      status: 500,
    });
    const after = await call.dialOutcome('busy');
    expect(after.dial?.number).toBe('+77172000000');
    // The second transfer (the operator) pops the screen again, for its own target.
    expect(pops.sent).toHaveLength(2);
    await pops.sent[1]!.outcome;
    const targets = r.received.map(
      (x) => (JSON.parse(x.body) as { context: { target: { id: string } } }).context.target.id,
    );
    expect(targets).toEqual(['support', 'operator']);
    expect(log.text()).toContain('screen pop rejected by the receiver');
  });

  it('sends nothing without SCREEN_POP_URL', async () => {
    // The request would be started before the transfer is answered (the first test sees
    // exactly one fetch for the same call).
    const fetched = vi.spyOn(globalThis, 'fetch');
    const t = await buildTestApp();
    const call = provider.call(t, ASEL);
    await call.start();
    const transfer = await call.press('1');
    expect(transfer.dial?.number).toBe('+77172000001');
    await call.dialOutcome('answered');
    await call.hangup();
    expect(fetched).not.toHaveBeenCalled();
  });
});

describe('screen pop sender', () => {
  it('is configured only by SCREEN_POP_URL with its secret', () => {
    const logger = createLogger('silent');
    expect(screenPopFromConfig(testConfig(), logger)).toBeNull();
    expect(
      screenPopFromConfig(
        testConfig({ SCREEN_POP_URL: 'https://crm.example.kz/pop', SCREEN_POP_SECRET: SECRET }),
        logger,
      ),
    ).toBeTypeOf('function');
  });

  it('reports an unreachable receiver instead of throwing', async () => {
    const r = await receiver('ok');
    const url = r.url;
    await r.close();
    const pop = createScreenPop({
      url,
      secret: SECRET,
      timeoutMs: 1000,
      logger: createLogger('silent'),
    });
    const outcome = await pop({
      callId: 'CA1',
      provider: 'twilio',
      customerId: null,
      maskedCaller: null,
      language: 'ru',
      segment: null,
      segmentRule: null,
      predictedReason: null,
      callerAnswer: null,
      path: [],
      speech: [],
      target: { id: 'operator', destination: '+77172000000' },
    });
    expect(outcome).toMatchObject({ sent: false, reason: 'unreachable', status: null });
  });
});
