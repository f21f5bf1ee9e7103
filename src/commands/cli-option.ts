import { Option, type Command } from 'commander';

/** `-c, --config <path>`, shared by every command that reads the files (validate, plan, apply). */
export function configOption(): Option {
  return new Option('-c, --config <path>', 'the config file, or the folder holding config.yaml; list files are read next to it').default(
    'config.yaml',
    './config.yaml',
  );
}

/** `--json`, on every command that prints a JSON document (validate, plan, apply). */
export function jsonOption(description: string): Option {
  return new Option('--json', description);
}

const JSON_ATTRIBUTE = jsonOption('').attributeName();

/** Whether commander read `--json` for this command: the one place the JSON mode is decided from. */
export function jsonRequested(command: Command): boolean {
  return command.getOptionValue(JSON_ATTRIBUTE) === true;
}

/** Repeatable options collect their values in order. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--only <glob>` and `--driver <name>`, both repeatable: which storages a command looks at. */
export function addSelectionOptions(command: Command): Command {
  return command
    .option('--only <glob>', 'only storages whose mount path matches (repeatable; * within a segment, ** across segments)', collect)
    .option('--driver <name>', 'only storages of this driver (repeatable)', collect);
}
