import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createApp } from '../../src/app.js';
import { composeDeps } from '../../src/compose.js';
import { parseConfig, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { OutboxSms } from '../../src/messaging/outbox-sms.js';
import { testConfig, testCrm, TWILIO_TOKEN, VONAGE_SECRET } from '../support/test-app.js';

/** The real app on a real SQLite CRM, listening on 127.0.0.1 like `npm start` behind ngrok. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`: the server's PUBLIC_URL, and the doctor's. */
  url: string;
  /** The SQLite file of the server's CRM. */
  databasePath: string;
  close(): Promise<void>;
}

/**
 * Starts the app with PUBLIC_URL set to its own address. The port is known only once the
 * socket listens, and the routes read PUBLIC_URL when they are built, so the app is attached
 * to an already listening server.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const server = createServer();
  await listen(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const embedded = await testCrm();
  const config = testConfig({ PUBLIC_URL: url, ...env });
  server.on(
    'request',
    createApp(
      composeDeps({
        config,
        crm: embedded.crm,
        sms: new OutboxSms(embedded.db),
        logger: createLogger('silent'),
      }),
    ),
  );
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(
    embedded.db,
  );
  const databasePath = rows.find((r) => r.name === 'main')?.file ?? '';
  return {
    url,
    databasePath,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await embedded.close();
    },
  };
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The doctor's configuration: the server's secrets and CRM file unless `env` overrides. */
export function doctorConfig(
  server: Pick<RunningServer, 'url' | 'databasePath'>,
  env: Record<string, string> = {},
): Config {
  return parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: server.url,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    VONAGE_SIGNATURE_SECRET: VONAGE_SECRET,
    DATABASE_PATH: server.databasePath,
    ...env,
  });
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}
