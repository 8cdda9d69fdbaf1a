import type { Express } from 'express';
import request from 'supertest';
import { pathOf, type Transport } from '../../src/simulator/transport.js';

/** Delivers simulated provider requests to the app in-process, as ngrok would forward them. */
export function supertestTransport(app: Express, publicUrl: string): Transport {
  return async (req) => {
    const path = pathOf(req.url, publicUrl);
    let r = req.method === 'GET' ? request(app).get(path) : request(app).post(path);
    // What a TLS-terminating proxy adds: the app must not build URLs from these.
    r = r.set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', new URL(publicUrl).host);
    for (const [k, v] of Object.entries(req.headers)) r = r.set(k, v);
    const res = req.body !== undefined ? await r.send(req.body) : await r;
    return {
      status: res.status,
      contentType: String(res.headers['content-type'] ?? ''),
      body: res.text ?? '',
    };
  };
}
