import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasProgram } from '../support/decode-audio.js';
import { ROOT, runShell } from '../support/run-command.js';

/**
 * `npm run crm:export` through npm itself, which writes its own "> crm-ivr@… crm:export"
 * lines to stdout: the documented forms give valid JSON, the other one refuses.
 */
describe('npm run crm:export', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-export-npm-'));
  const env = {
    DATABASE_PATH: join(dir, 'crm.sqlite'),
    CRM_SEED_FILE: '',
    SPEECH_CACHE_DIR: join(dir, 'speech'),
  };
  let imported = '';
  const fixture = join(ROOT, 'test/fixtures/crm/customers.json');
  const q = (path: string) => `'${path}'`;

  beforeAll(async () => {
    const r = await runShell(`npm run crm:import -- ${q(fixture)}`, { env });
    expect(r.status, r.stderr).toBe(0);
    imported = r.stdout;
  }, 90_000);

  it.skipIf(!hasProgram('espeak-ng'))(
    'the import synthesised the new names into the phrase cache (Kazakh: espeak-ng)',
    () => {
      expect(imported).toMatch(/Speech cache .* \(kk\): [1-9]\d* name phrases synthesised/);
      const wavs = readdirSync(join(dir, 'speech')).filter((f) => f.endsWith('.wav'));
      expect(wavs.length).toBeGreaterThan(0);
    },
  );

  it('npm run -s crm:export writes valid JSON to stdout, the summary to stderr', async () => {
    const r = await runShell('npm run -s crm:export', { env });
    expect(r.status, r.stderr).toBe(0);
    const file = JSON.parse(r.stdout) as { customers: unknown[] };
    expect(file.customers.length).toBeGreaterThan(0);
    expect(r.stderr).toContain(`Exported ${file.customers.length} customers`);
  });

  it('npm run crm:export -- <file> writes valid JSON to the file', async () => {
    const out = join(dir, 'out.json');
    const r = await runShell(`npm run crm:export -- ${q(out)}`, { env });
    expect(r.status, r.stderr).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { customers: unknown[] };
    expect(file.customers.length).toBeGreaterThan(0);
  });

  it('plain npm run crm:export into a pipe refuses, saying how to get JSON', async () => {
    const out = join(dir, 'piped.json');
    const r = await runShell(`npm run crm:export > ${q(out)}`, { env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('so the JSON would not parse');
    expect(r.stderr).toContain('npm run -s crm:export > customers.json');
    expect(readFileSync(out, 'utf8')).not.toContain('"customers"');
    expect(existsSync(join(ROOT, '--help'))).toBe(false);
  });
});
