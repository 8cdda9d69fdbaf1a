import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { startChildApp, type ChildApp } from '../support/child-app.js';
import { DID, PUBLIC_URL, TWILIO_TOKEN } from '../support/test-app.js';

interface Sent {
  sentAt: number;
  connectedAt: number | null;
  status: number | null;
  body: string;
  error: string | null;
}

/** One Twilio voice webhook, signed, on a connection of its own (as each provider request). */
function voiceWebhook(app: ChildApp): Promise<Sent> {
  const params = {
    AccountSid: `AC${'0'.repeat(32)}`,
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: '+77779998877',
    To: DID.twilio,
  };
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(
    TWILIO_TOKEN,
    `${PUBLIC_URL}/twilio/voice`,
    params,
  );
  const sent: Sent = { sentAt: Date.now(), connectedAt: null, status: null, body: '', error: null };
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: app.port,
        path: '/twilio/voice',
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          'X-Twilio-Signature': signature,
        },
      },
      (res) => {
        sent.status = res.statusCode ?? null;
        res.setEncoding('utf8');
        res.on('data', (c: string) => (sent.body += c));
        res.on('end', () => resolve(sent));
        res.on('error', (err: NodeJS.ErrnoException) => {
          sent.error = err.code ?? err.message;
          resolve(sent);
        });
      },
    );
    req.on('socket', (socket) => {
      socket.once('connect', () => (sent.connectedAt = Date.now()));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      sent.error = err.code ?? err.message;
      resolve(sent);
    });
    req.end(body);
  });
}

describe('SIGTERM while webhooks arrive', () => {
  let app: ChildApp | null = null;
  afterEach(() => app?.kill('SIGKILL'));

  it('answers every request it accepted before the signal, logs the drain, exits 0', async () => {
    app = await startChildApp({ SHUTDOWN_DRAIN_MS: '10000' });
    const running = app;
    const results: Array<Promise<Sent>> = [];
    // ~100 webhooks a second (one every 10 ms, as the timer allows on a busy machine) for
    // 2 s; the signal comes after 1 s.
    let signalAt = 0;
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed >= 2000) {
          clearInterval(timer);
          resolve();
          return;
        }
        if (!signalAt && elapsed >= 1000) {
          signalAt = Date.now();
          running.kill('SIGTERM');
        }
        results.push(voiceWebhook(running));
      }, 10);
    });
    const all = await Promise.all(results);
    const code = await running.exited;

    const beforeSignal = all.filter((r) => r.sentAt < signalAt);
    console.info(
      `SIGTERM drain: ${all.length} sent, ${beforeSignal.length} before the signal, ` +
        `${all.filter((r) => r.status === 200).length} answered, ` +
        `${all.filter((r) => r.error).length} refused after the listener closed`,
    );
    // On a loaded machine the timer fires less often than every 10 ms; enough are under way.
    expect(beforeSignal.length).toBeGreaterThan(10);
    // Accepted (connected) requests, before or after the signal, are all answered.
    const accepted = all.filter((r) => r.connectedAt !== null);
    for (const r of accepted) {
      expect(r.error).toBeNull();
      expect(r.status).toBe(200);
      expect(r.body).toContain('<Response>');
    }
    // Those sent before the signal were all accepted; nothing is reset, later ones refused.
    for (const r of beforeSignal) expect(r.connectedAt).not.toBeNull();
    for (const r of all) if (r.error) expect(r.error).toBe('ECONNREFUSED');
    expect(code).toBe(0);
    const out = running.output();
    expect(out).toContain('shutdown: not ready any more');
    expect(out).toContain('shutdown: every request answered');
    expect(out).toContain('shutdown: task scheduler stopped');
    expect(out).toContain('shutdown complete');
  }, 90_000);

  it('reports not ready while draining', async () => {
    // A long drain held open by an unanswered keep-alive request shows /ready at 503.
    app = await startChildApp({ SHUTDOWN_DRAIN_MS: '3000' });
    const ready = await fetch(`${app.base}/ready`);
    expect(ready.status).toBe(200);
    // Open a connection that has not sent its request yet: the drain waits for it.
    const { createConnection } = await import('node:net');
    const socket = createConnection({ host: '127.0.0.1', port: app.port });
    await new Promise((r) => socket.once('connect', r));
    app.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    // The connection already accepted is still served, and says the instance is draining.
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.write('GET /ready HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer).toContain('"draining":true');
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(await app.exited).toBe(0);
  }, 90_000);
});
