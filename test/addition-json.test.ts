// The addition splice on its own: edge cases of the text the server may send.
import { describe, expect, it } from 'vitest';
import { spliceAddition } from '../src/alist/addition-json.js';

describe('spliceAddition', () => {
  it('replaces only the patched values, keeping spacing, order and every other member as written', () => {
    const text = '{ "a" : 1 ,\n  "b": {"x": [1, "}", {"y": null}]}, "c":"q\\"uote", "big": 12345678901234567890 }';
    expect(spliceAddition(text, { a: 'one', c: false })).toBe('{ "a" : "one" ,\n  "b": {"x": [1, "}", {"y": null}]}, "c":false, "big": 12345678901234567890 }');
  });

  it('appends keys the text lacks, before the closing brace', () => {
    expect(spliceAddition('{"a":null}', { b: 2, c: 'x' })).toBe('{"a":null,"b":2,"c":"x"}');
    expect(spliceAddition(' { } ', { b: 2 })).toBe(' { "b":2} ');
  });

  it('matches keys after unescaping, and replaces a key given twice every time (the server keeps the last)', () => {
    expect(spliceAddition('{"sh\\u0061re_pwd":"a","share_pwd":"b"}', { share_pwd: 'new' })).toBe('{"sh\\u0061re_pwd":"new","share_pwd":"new"}');
  });

  it('an empty patch gives the text back as it came', () => {
    const text = '{"k":[1,2,3],"n":1e400}';
    expect(spliceAddition(text, {})).toBe(text);
  });

  it('a text that is not a JSON object (the server then holds a zero-valued struct) becomes the patch alone', () => {
    expect(spliceAddition('not json', { a: 1 })).toBe('{"a":1}');
    expect(spliceAddition('[1]', { a: 1 })).toBe('{"a":1}');
    expect(spliceAddition('', {})).toBe('{}');
  });
});
