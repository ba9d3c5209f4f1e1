// The table of `medkd` subcommands: one entry per file in this folder.
import type { CliCommand } from './cliCommand';

export const cliCommands: CliCommand[] = [];
