import { describe, expect, it } from 'vitest';
import { fullListFile, parseListFile } from '../../src/config/list-file.js';

const DESCRIPTION = 'a share link';

/** The line-by-line fast path must read exactly what the YAML path reads: entries and diagnostics. */
function bothWays(text: string): { fast: unknown; full: unknown } {
  return { fast: parseListFile(text, 'l.yaml', DESCRIPTION), full: fullListFile(text, 'l.yaml', DESCRIPTION) };
}

describe('list files: the fast path agrees with the YAML parser', () => {
  const cases: Record<string, string> = {
    plain:
      '# c\nMovies:\n    Film A: https://www.aliyundrive.com/s/AbC/folder/1?pwd=x\n  # indented comment\nTV/Drama:\n    Show: https://www.alipan.com/s/X\n',
    quoted: '"电影/合集":\n  "新海诚&宫崎骏": \'1:a@b.onmicrosoft.com:/x: y\'\n  \'单\': "https://mypikpak.com/s/VN1"\n',
    trailingSpaces: 'Team:\n    Alice : 1:alice@contoso.onmicrosoft.com   \n',
    crlf: 'Team:\r\n    Alice: 1:alice@contoso.onmicrosoft.com:/A:B\r\n',
    endComment: 'Team:\n    Alice: 1:alice@contoso.onmicrosoft.com # the boss\n',
    numbers: 'Team:\n    A: 123\n    B: 0x1F\n    C: ~\n',
    duplicate: 'Team:\n    A: x\n    A: y\n',
    emptyCategory: 'Team:\nOther:\n    A: x\n',
    nested: 'Team:\n    A:\n        B: x\n',
    // Names: one rule on both paths (the fast path leaves every name the rule refuses to the full one).
    longKey: `Team:\n    ${'k'.repeat(3000)}: x\n`,
    longKeyNextToQuoted: `Team:\n    "q": x\n    ${'k'.repeat(3000)}: x\n`,
    longCategory: `${'c'.repeat(1500)}:\n    A: x\n`,
    key1024: `Team:\n    ${'k'.repeat(1024)}: x\n`,
    key1025: `Team:\n    ${'k'.repeat(1025)}: x\n`,
    quotedKey1023: `Team:\n    "${'k'.repeat(1023)}": x\n`,
    zeroWidthPlain: 'Team:\n    a\u200bb: x\n',
    zeroWidthCategory: 'Te\u2060am:\n    A: x\n',
    bomInName: 'Team:\n    a\ufeffb: x\n',
    bidiPlain: 'Team:\n    a\u202eb: x\n',
    isolatePlain: 'Team:\n    a\u2067b: x\n',
    c1Plain: 'Team:\n    a\u0085b: x\n',
    delPlain: 'Team:\n    a\u007fb: x\n',
    escQuoted: 'Team:\n    "a\\u001b[2Kb": x\n',
    lineSeparator: 'Team:\n    "a\\u2028b": x\n',
    loneSurrogate: 'Team:\n    "a\\ud800b": x\n',
    spacesQuoted: 'Team:\n    "b ": x\n    " c": y\n',
    spacedCategory: '"Team ":\n    A: x\n',
    nbspEdge: 'Team:\n    b\u00a0: x\n',
    climbing: 'Team:\n    ../../etc: x\n',
    climbingBackslash: "Team:\n    '..\\..\\etc': x\n",
    dotName: 'Team:\n    .: x\n    a/..: y\n',
    innerDots: 'Team:\n    a/../b: x\n',
    categoryDots: '../x:\n    A: x\n',
    slashName: 'Team:\n    Deep/Folder: x\n',
    nfcPair: 'Team:\n    Caf\u00e9: x\n    Cafe\u0301: y\n',
    casePair: 'Team:\n    Bob: x\n    bob: y\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      const { fast, full } = bothWays(text);
      expect(fast).toEqual(full);
    });
  }
});
