#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerAdminCommands } from './admin-commands';
import { registerAnnouncementCommands } from './announcement-commands';
import { registerCompanyCommands } from './company-commands';
import { registerCompanyNumberCommands } from './company-number-commands';
import { registerEmployeeCommands } from './employee-commands';
import { registerNumberCommands } from './number-commands';
import { registerMigrateCommand } from './migrate-command';
import { registerNumberingCommands } from './numbering-commands';
import { registerOperatorCommands } from './operator-commands';
import { registerRegionRuleCommands } from './region-rule-commands';
import { registerServeCommand } from './serve-command';

/** The operator's command line (like kamctl): `pbx serve`, `pbx company …`, `pbx employee …`. */
const program = new Command('pbx')
  .description('Cloud PBX: SIP registrar and proxy with SIP-number rules')
  .exitOverride()
  .configureOutput({
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });

registerServeCommand(program);
registerCompanyCommands(program);
registerOperatorCommands(program);
registerAdminCommands(program);
registerEmployeeCommands(program);
registerNumberCommands(program);
registerCompanyNumberCommands(program);
registerRegionRuleCommands(program);
registerAnnouncementCommands(program);
registerNumberingCommands(program);
registerMigrateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
