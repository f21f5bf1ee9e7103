import { Option } from 'commander';

/** `-c, --config <path>`, shared by every command that reads the files (validate, plan, apply). */
export function configOption(): Option {
  return new Option('-c, --config <path>', 'the config file, or the folder holding config.yaml; list files are read next to it').default('config.yaml', './config.yaml');
}
