import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/store/open-sqlite.js';
import { runTsx, startServerProcess } from '../support/run-command.js';

/** A folder without .env, so a developer's own settings cannot leak into the start. */
const freshDir = () => mkdtempSync(join(tmpdir(), 'server-start-'));

async function customerCount(databasePath: string): Promise<number> {
  const db = openSqliteDatabase(databasePath);
  try {
    const row = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

describe('npm start on a taken port', { timeout: 90_000 }, () => {
  let blocker: Server;
  afterAll(() => new Promise<void>((done) => blocker.close(() => done())));

  it('exits 1 naming the port, without claiming to listen', async () => {
    // Someone else (another npm start) already listens on the port, on every address.
    blocker = createServer();
    const port = await new Promise<number>((done) =>
      blocker.listen(0, () => done((blocker.address() as { port: number }).port)),
    );
    const cwd = freshDir();
    const r = await runTsx('src/main.ts', [], {
      cwd,
      env: { PORT: String(port), DATABASE_PATH: join(cwd, 'crm.sqlite'), LOG_LEVEL: 'warn' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Port ${port} is already in use`);
    expect(r.stderr).toContain('set PORT in .env to a free port');
    expect(r.stdout).not.toContain('IVR listening');
  });
});

describe('npm start with NODE_ENV=production', { timeout: 120_000 }, () => {
  const production = (cwd: string, extra: Record<string, string> = {}) => ({
    NODE_ENV: 'production',
    PORT: '0',
    PUBLIC_URL: 'https://ivr.example.kz',
    TWILIO_AUTH_TOKEN: 'a-real-looking-twilio-token-000000',
    DATABASE_PATH: join(cwd, 'crm.sqlite'),
    ...extra,
  });

  it('refuses the placeholder PUBLIC_URL of .env.example, naming it', async () => {
    const cwd = freshDir();
    for (const url of ['https://your-subdomain.ngrok.app', 'https://ivr.example.com']) {
      const r = await runTsx('src/main.ts', [], {
        cwd,
        env: production(cwd, { PUBLIC_URL: url }),
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`PUBLIC_URL: ${url} is the placeholder from .env.example`);
      expect(r.stdout).not.toContain('IVR listening');
    }
  });

  it('leaves an empty CRM empty and says how to fill it; CRM_DEMO_DATA=on seeds the demo', async () => {
    const cwd = freshDir();
    const empty = await startServerProcess(production(cwd), cwd);
    await empty.stop();
    expect(empty.output()).toContain('has no customers: import them with npm run crm:import');
    expect(empty.output()).not.toContain('seeded');
    expect(await customerCount(join(cwd, 'crm.sqlite'))).toBe(0);

    const asked = await startServerProcess(production(cwd, { CRM_DEMO_DATA: 'on' }), cwd);
    await asked.stop();
    expect(asked.output()).toContain('seeded');
    expect(await customerCount(join(cwd, 'crm.sqlite'))).toBe(12);
  });
});
