// The table of `medkd` subcommands: one entry per file in this folder.
import type { CliCommand } from './cliCommand';
import { infoCommand } from './info';
import { evalCommand } from './eval';
import { trainCommand } from './train';
import { inferCommand } from './infer';
import { demoCommand } from './demo';

export const cliCommands: CliCommand[] = [demoCommand, trainCommand, inferCommand, evalCommand, infoCommand];
