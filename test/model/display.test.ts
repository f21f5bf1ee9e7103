import { describe, expect, it } from 'vitest';
import { escapeText, quote, unsafeCharacter } from '../../src/model/display.js';

describe('escapeText', () => {
  it('escapes what redraws a terminal line, and the backslash, and leaves other text alone', () => {
    expect(escapeText('a\rb\nc\td\u001b[2Ke\u0000f\u007fg\u009bh')).toBe('a\\rb\\nc\\td\\u001b[2Ke\\u0000f\\u007fg\\u009bh');
    expect(escapeText('x\u2028y\u2029z\u202ew\u2066v\u200bu\ufefft')).toBe('x\\u2028y\\u2029z\\u202ew\\u2066v\\u200bu\\ufefft');
    expect(escapeText('lone \ud800 and \udc00')).toBe('lone \\ud800 and \\udc00');
    expect(escapeText('C:\\dir')).toBe('C:\\\\dir');
    expect(escapeText('电影/Café 😀 "q"')).toBe('电影/Café 😀 "q"');
  });
});

describe('quote', () => {
  it('quotes, escapes and cuts after 120 characters (counting code points, not halves of them)', () => {
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('x'.repeat(121))).toBe(`"${'x'.repeat(120)}…"`);
    expect(quote('x'.repeat(120))).toBe(`"${'x'.repeat(120)}"`);
    expect(quote('😀'.repeat(130))).toBe(`"${'😀'.repeat(120)}…"`);
    expect(quote('x'.repeat(500), Infinity)).toBe(`"${'x'.repeat(500)}"`);
  });
});

describe('unsafeCharacter', () => {
  it('names the first control or zero-width character', () => {
    expect(unsafeCharacter('ok name')).toBeUndefined();
    expect(unsafeCharacter('a\u200db\u001b')).toEqual({ kind: 'zero-width', label: 'U+200D ZERO WIDTH JOINER' });
    expect(unsafeCharacter('a\u0001')).toEqual({ kind: 'control', label: 'U+0001' });
  });
});
