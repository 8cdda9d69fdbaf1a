import { CommandLineError, parseCommandLine } from '../lib/command-line.js';
import { ProvisionError } from './provision-error.js';

/** The command line, printed with every usage error and for --help. */
export const PROVISION_USAGE = `Usage:
  npm run provision -- twilio --number <phone number> [--dry-run]
  npm run provision -- vonage --application <application id> [--dry-run]

Points a Twilio number or a Vonage application at PUBLIC_URL (see docs/provisioning.md).
  --dry-run    show what would change, change nothing
  -h, --help   this text
`;

/** A parsed provisioning command. */
export type ProvisionArgs =
  | { command: 'help' }
  | { command: 'twilio'; number: string; dryRun: boolean }
  | { command: 'vonage'; applicationId: string; dryRun: boolean };

function usageError(message: string): ProvisionError {
  return new ProvisionError(message, { hint: PROVISION_USAGE.trimEnd() });
}

/**
 * Parses `provision` arguments (`process.argv.slice(2)`) with the commands' shared parser, strictly:
 * an unknown option or a flag meant for the other provider is an error rather than silently
 * ignored, since a typo here would otherwise provision something else than intended.
 *
 * @throws ProvisionError with the usage as hint.
 */
export function parseProvisionArgs(argv: string[]): ProvisionArgs {
  let parsed;
  try {
    parsed = parseCommandLine(
      {
        usage: PROVISION_USAGE,
        positionals: { names: ['<twilio|vonage>'], required: 0 },
        options: {
          number: { type: 'string' },
          application: { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
        },
      },
      argv,
    );
  } catch (err) {
    if (err instanceof CommandLineError) throw usageError(err.message);
    throw err;
  }
  if (parsed === 'help') return { command: 'help' };
  const { values, positionals } = parsed;
  const [provider] = positionals;
  if (provider === undefined) throw usageError('Which provider? Give twilio or vonage.');
  const dryRun = values['dry-run'];

  if (provider === 'twilio') {
    if (values.application !== undefined) {
      throw usageError('--application is for vonage; twilio takes --number.');
    }
    if (!values.number) throw usageError('twilio needs --number <phone number>.');
    return { command: 'twilio', number: values.number, dryRun };
  }
  if (provider === 'vonage') {
    if (values.number !== undefined) {
      throw usageError('--number is for twilio; vonage takes --application.');
    }
    if (!values.application) throw usageError('vonage needs --application <application id>.');
    return { command: 'vonage', applicationId: values.application, dryRun };
  }
  throw usageError(`Unknown provider "${provider}": use twilio or vonage.`);
}
