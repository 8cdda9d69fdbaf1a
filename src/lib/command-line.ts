import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What a command accepts, and the text that explains it. */
export interface CommandSpec<O extends Options> {
  /** Printed on --help and after a usage error: how to run it, then each option. */
  usage: string;
  /** The options besides --help / -h, which every command has. */
  options: O;
  /** Its positional arguments by name (`<file.json>`), the first `required` of them needed. */
  positionals?: { names: readonly string[]; required: number };
}

type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

export type CommandArgs<O extends Options> = {
  values: Parsed<O>['values'];
  positionals: string[];
};

/** A command line the command cannot run: an unknown option, a missing value, an extra word. */
export class CommandLineError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'CommandLineError';
  }
}

/**
 * Parses `argv` strictly with node's parseArgs: an unknown option or an extra argument is
 * refused rather than ignored (or taken for a file name: `crm:export -- --help` once wrote
 * the CRM into a file named `--help`). Returns `help` when --help or -h is present.
 *
 * @throws CommandLineError naming what is wrong, carrying the usage.
 */
export function parseCommandLine<O extends Options>(
  spec: CommandSpec<O>,
  argv: string[],
): CommandArgs<O> | 'help' {
  if (asksForHelp(spec.options, argv)) return 'help';
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args: argv,
      options: spec.options,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // parseArgs' messages name the option; its advice about "--" does not apply here.
    const message = (err instanceof Error ? err.message : String(err))
      .split('. To specify a positional argument')[0]!
      .replace(/\.$/, '');
    throw new CommandLineError(message, spec.usage);
  }
  const { names, required } = spec.positionals ?? { names: [], required: 0 };
  const extra = parsed.positionals.slice(names.length);
  if (extra.length > 0) {
    throw new CommandLineError(`Unexpected argument: ${extra.join(' ')}`, spec.usage);
  }
  const missing = names.slice(parsed.positionals.length, required);
  if (missing.length > 0) {
    throw new CommandLineError(`Missing argument: ${missing.join(' ')}`, spec.usage);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** --help or -h as an option anywhere on the line: it wins over any error. */
function asksForHelp(options: Options, argv: string[]): boolean {
  const { tokens } = parseArgs({
    args: argv,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.some((t) => t.kind === 'option' && (t.name === 'help' || t.name === 'h'));
}

/** Where a command writes; the process streams by default. */
export interface CommandOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * The command line of the running CLI (`process.argv.slice(2)`), or null when the command
 * must stop: after --help (usage on stdout, exit code 0) or a usage error (the message and
 * the usage on stderr, exit code 1). Sets process.exitCode rather than exiting, so what was
 * written reaches a pipe in full.
 */
export function readCommandLine<O extends Options>(
  spec: CommandSpec<O>,
  argv: string[] = process.argv.slice(2),
  output: CommandOutput = processOutput,
): CommandArgs<O> | null {
  try {
    const args = parseCommandLine(spec, argv);
    if (args === 'help') {
      output.out(withNewline(spec.usage));
      process.exitCode = 0;
      return null;
    }
    return args;
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    output.err(`${err.message}\n\n${withNewline(spec.usage)}`);
    process.exitCode = 1;
    return null;
  }
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
