import { describe, expect, it } from 'vitest';
import { listFileFromDocument, parseListFile } from '../../src/config/list-file.js';
import { parseYamlText } from '../../src/config/read.js';

const DESCRIPTION = 'a share link';

/** The line-by-line fast path must read exactly what the YAML parser reads. */
function bothWays(text: string): { fast: unknown; full: unknown } {
  return { fast: parseListFile(text, 'l.yaml', DESCRIPTION), full: listFileFromDocument(parseYamlText(text, 'l.yaml'), DESCRIPTION) };
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
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      const { fast, full } = bothWays(text);
      expect(fast).toEqual(full);
    });
  }
});
