/**
 * The baseline of `npm run bench:webhooks`: a bare Express 5 app answering every provider
 * path with a constant (TwiML for /twilio/*, an NCCO for /vonage/*, 204 for status and
 * events), no body parsing, no signature check, no logging. What the IVR's webhooks are
 * compared with: the cost of Node, HTTP and Express alone on this machine. Prints
 * `listening <port>` once it listens on PORT.
 */
import express from 'express';

const TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf speech" action="/twilio/gather"><Say language="ru-RU">Здравствуйте! Нажмите 1.</Say></Gather></Response>';
const NCCO = JSON.stringify([
  { action: 'talk', text: 'Здравствуйте! Нажмите 1.', language: 'ru-RU', bargeIn: true },
  { action: 'input', type: ['dtmf', 'speech'], eventUrl: ['https://bench/vonage/input'] },
]);

const app = express();
app.disable('x-powered-by');
app.post(['/twilio/status', '/vonage/event'], (_req, res) => {
  res.status(204).end();
});
app.all('/twilio/{*rest}', (_req, res) => {
  res.type('text/xml').send(TWIML);
});
app.all('/vonage/{*rest}', (_req, res) => {
  res.type('application/json').send(NCCO);
});
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' ? address?.port : address}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
