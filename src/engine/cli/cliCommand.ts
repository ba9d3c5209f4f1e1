// The shape of one `medkd` subcommand, and a small argument parser shared by all of them.

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code; throws an Error whose first line is shown to the user. */
  run(args: string[]): Promise<number>;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** `--key value`, `--key=value` and bare `--flag`; a flag listed in `booleans` never takes a value. */
export function parseArgs(args: string[], booleans: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags.set(a.slice(2, eq), a.slice(eq + 1));
    } else {
      const key = a.slice(2);
      const next = args[i + 1];
      if (booleans.includes(key) || next === undefined || next.startsWith('--')) flags.set(key, true);
      else {
        flags.set(key, next);
        i++;
      }
    }
  }
  return { positional, flags };
}

/** The value of a required `--key value` flag, or an error naming it. */
export function requireFlag(parsed: ParsedArgs, key: string, command: string): string {
  const v = parsed.flags.get(key);
  if (typeof v !== 'string') throw new Error(`${command}: missing --${key} <value>`);
  return v;
}
