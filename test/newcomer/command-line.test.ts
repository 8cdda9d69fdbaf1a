import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandLineError, parseCommandLine } from '../../src/lib/command-line.js';
import { runTsx } from '../support/run-command.js';

const spec = {
  usage: 'Usage: npm run thing -- [<file>]\n',
  options: { step: { type: 'string', multiple: true, default: [] as string[] } },
  positionals: { names: ['<file>'], required: 0 },
} as const;

describe('the shared command-line parser', () => {
  it('reads options and positionals', () => {
    expect(parseCommandLine(spec, ['--step', 'press 1', 'out.json'])).toEqual({
      values: { step: ['press 1'] },
      positionals: ['out.json'],
    });
  });

  it('answers help for --help or -h anywhere, even beside an error', () => {
    expect(parseCommandLine(spec, ['--help'])).toBe('help');
    expect(parseCommandLine(spec, ['a', '-h'])).toBe('help');
    expect(parseCommandLine(spec, ['--bogus', '--help'])).toBe('help');
    // A value that happens to read "--help" is not a request for help.
    expect(parseCommandLine(spec, ['--step=--help'])).toEqual({
      values: { step: ['--help'] },
      positionals: [],
    });
  });

  it('refuses unknown options, extra and missing arguments, naming them', () => {
    expect(() => parseCommandLine(spec, ['--bogus'])).toThrow(/Unknown option '--bogus'$/);
    expect(() => parseCommandLine(spec, ['a', 'b'])).toThrow('Unexpected argument: b');
    expect(() =>
      parseCommandLine({ ...spec, positionals: { names: ['<file>'], required: 1 } }, []),
    ).toThrow('Missing argument: <file>');
    try {
      parseCommandLine(spec, ['--step']);
    } catch (err) {
      expect(err).toBeInstanceOf(CommandLineError);
      expect((err as CommandLineError).usage).toBe(spec.usage);
    }
  });
});

/** Every CLI of package.json, its script and a word its usage must contain. */
const COMMANDS = [
  ['call', 'src/cli/call.ts', '--provider twilio|vonage'],
  ['crm:import', 'src/cli/crm-import.ts', 'npm run crm:import -- <file.json or file.jsonl>'],
  ['crm:export', 'src/cli/crm-export.ts', 'npm run -s crm:export'],
  ['crm:schema', 'src/cli/crm-schema.ts', 'npm run crm:schema'],
  ['doctor', 'src/cli/doctor.ts', 'npm run doctor'],
  ['flow:diagram', 'src/cli/flow-diagram.ts', 'npm run flow:diagram'],
  ['ranking:rebuild', 'src/cli/ranking-rebuild.ts', 'npm run ranking:rebuild'],
  ['provision', 'src/cli/provision.ts', 'npm run provision -- twilio'],
  ['speech:warm', 'src/cli/speech-warm.ts', 'npm run speech:warm'],
  ['language:forget', 'src/cli/language-forget.ts', 'npm run language:forget -- --expired'],
  ['db:migrate', 'src/cli/db-migrate.ts', 'npm run db:migrate'],
  ['analytics:rebuild', 'src/cli/analytics-rebuild.ts', 'npm run analytics:rebuild'],
  ['console:password', 'src/cli/console-password.ts', 'npm run -s console:password'],
] as const;

describe('--help and unknown options in every command', { timeout: 180_000 }, () => {
  // A folder without .env or data/: nothing may be read, written or created by these runs.
  const cwd = mkdtempSync(join(tmpdir(), 'cli-help-'));
  const env = { DATABASE_PATH: join(cwd, 'data', 'crm.sqlite') };

  it('covers every command of package.json', async () => {
    const { default: pkg } = (await import('../../package.json', { with: { type: 'json' } })) as {
      default: { scripts: Record<string, string> };
    };
    const cliScripts = Object.entries(pkg.scripts)
      .filter(([, command]) => command.includes('src/cli/'))
      .map(([name]) => name)
      .sort();
    expect(cliScripts).toEqual(COMMANDS.map(([name]) => name).sort());
  });

  it('prints the usage on --help and exits 0, refuses an unknown option with exit 1', async () => {
    // Two at a time: each is a node process compiling TypeScript.
    const results: Array<{ name: string; help: unknown; bogus: unknown }> = [];
    for (let i = 0; i < COMMANDS.length; i += 2) {
      results.push(
        ...(await Promise.all(
          COMMANDS.slice(i, i + 2).map(async ([name, script, usage]) => {
            const help = await runTsx(script, ['--help'], { cwd, env });
            const bogus = await runTsx(script, ['--bogus'], { cwd, env });
            return {
              name,
              help: { status: help.status, usage: help.stdout.includes(usage), err: help.stderr },
              bogus: {
                status: bogus.status,
                out: bogus.stdout,
                named: bogus.stderr.includes("Unknown option '--bogus'"),
                usage: bogus.stderr.includes(usage),
              },
            };
          }),
        )),
      );
    }
    for (const r of results) {
      expect(r, r.name).toEqual({
        name: r.name,
        help: { status: 0, usage: true, err: '' },
        bogus: { status: 1, out: '', named: true, usage: true },
      });
    }
    // crm:export -- --help once wrote the CRM into a file named --help.
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(cwd, '--help'))).toBe(false);
  });
});
