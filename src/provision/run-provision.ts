import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import type { Output } from './output.js';
import { parseProvisionArgs, PROVISION_USAGE } from './parse-provision-args.js';
import { provisionTwilio } from './twilio-provisioner.js';
import { provisionVonage } from './vonage-provisioner.js';

/** What the provisioning command needs from outside; tests pass their own. */
export interface ProvisionCliDeps {
  /** Called only after the arguments parsed, so usage errors never depend on .env. */
  loadConfig: () => Config;
  out: Output;
  err: Output;
  /** Tests only: local fakes instead of the providers' API hosts. */
  twilioApiBaseUrl?: string;
  vonageApiHost?: string;
}

/**
 * The `npm run provision` command: parses `argv`, loads the configuration, runs the Twilio or
 * Vonage provisioner and resolves to the exit code. Every failure becomes a message (with
 * its hint) on `err` and exit code 1, without a stack trace: the causes are operator
 * mistakes (usage, .env, credentials, ids), and a stack would bury the one line that matters.
 */
export async function runProvision(argv: string[], deps: ProvisionCliDeps): Promise<number> {
  let secrets: string[] = [];
  try {
    const args = parseProvisionArgs(argv);
    if (args.command === 'help') {
      deps.out(PROVISION_USAGE);
      return 0;
    }
    const config = deps.loadConfig();
    secrets = [config.twilioAuthToken, config.vonageApiSecret, config.vonageSignatureSecret].filter(
      (s): s is string => !!s,
    );
    if (args.command === 'twilio') {
      await provisionTwilio(
        config,
        { number: args.number, dryRun: args.dryRun },
        { out: deps.out, apiBaseUrl: deps.twilioApiBaseUrl },
      );
    } else {
      await provisionVonage(
        config,
        { applicationId: args.applicationId, dryRun: args.dryRun },
        { out: deps.out, apiHost: deps.vonageApiHost },
      );
    }
    return 0;
  } catch (err) {
    deps.err(redact(describe(err), secrets));
    return 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof AppError) return `${err.message}\n${err.hint ? `${err.hint}\n` : ''}`;
  const message = err instanceof Error ? err.message : String(err);
  return `Provisioning failed: ${message}\n`;
}

/**
 * Our messages never contain secrets, but SDK error texts are not ours: blank out any
 * configured secret that would otherwise reach the terminal (and CI logs).
 */
function redact(text: string, secrets: string[]): string {
  return secrets.reduce((t, s) => t.split(s).join('***'), text);
}
