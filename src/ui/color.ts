import { Chalk, type ChalkInstance } from 'chalk';

export type ColorLevel = 0 | 1 | 2 | 3;

export interface ColorInputs {
  /** false when --no-color was given. */
  colorFlag: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/**
 * The one place that decides whether we print colour. Precedence: --no-color, then NO_COLOR
 * (any non-empty value, see no-color.org), then FORCE_COLOR, then TERM=dumb, then the TTY.
 * chalk 5 alone ignores NO_COLOR, hence this.
 */
export function decideColorLevel({ colorFlag, env, isTTY }: ColorInputs): ColorLevel {
  if (!colorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false' || force === '0') return 0;
    const n = Number(force);
    if (n === 1 || n === 2 || n === 3) return n;
    return 1;
  }
  if (env.TERM === 'dumb') return 0;
  if (!isTTY) return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}

export function makeChalk(level: ColorLevel): ChalkInstance {
  return new Chalk({ level });
}
