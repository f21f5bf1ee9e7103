import { describe, expect, it } from 'vitest';
import { isOwnedBy, markOf, userRemark, withMarker } from '../../src/model/mark.js';

describe('the marker line of a set', () => {
  it('reads the unnamed and named forms, and nothing else', () => {
    expect(markOf('managed-by: alist-batch')).toEqual({ set: null });
    expect(markOf('my note\r\n  managed-by: alist-batch (home-media)  ')).toEqual({ set: 'home-media' });
    for (const near of ['managed-by: alist-batch ()', 'managed-by: alist-batch (a b)', 'managed-by: alist-batch(x)', 'x managed-by: alist-batch', '']) {
      expect(markOf(near)).toBeUndefined();
    }
  });

  it('belongs to exactly one set: the unnamed set is not any named one, nor the reverse', () => {
    expect(isOwnedBy('managed-by: alist-batch', null)).toBe(true);
    expect(isOwnedBy('managed-by: alist-batch', 'home-media')).toBe(false);
    expect(isOwnedBy('managed-by: alist-batch (home-media)', null)).toBe(false);
    expect(isOwnedBy('managed-by: alist-batch (home-media)', 'home-media')).toBe(true);
  });

  it('re-marking keeps the user text and leaves exactly one marker line, of the new set', () => {
    const before = 'ask IT first\nmanaged-by: alist-batch (office)';
    expect(withMarker(before, 'home-media')).toBe('ask IT first\nmanaged-by: alist-batch (home-media)');
    expect(withMarker(before)).toBe('ask IT first\nmanaged-by: alist-batch');
    expect(userRemark(before)).toBe('ask IT first');
  });
});

describe('the fingerprint line above the marker line', () => {
  it('is read only directly above the last marker line; the user text keeps every other line', () => {
    expect(markOf('secrets-fingerprint: 1a2b3c4d\nmanaged-by: alist-batch')).toEqual({ set: null, fingerprint: '1a2b3c4d' });
    expect(markOf('note\nsecrets-fingerprint: 1a2b3c4d\nmanaged-by: alist-batch (home-media)')).toEqual({ set: 'home-media', fingerprint: '1a2b3c4d' });
    // Not directly above the marker, or not 8 lower-case hex digits: user text, no fingerprint.
    for (const remark of [
      'secrets-fingerprint: 1a2b3c4d\nnote\nmanaged-by: alist-batch',
      'secrets-fingerprint: 1A2B3C4D\nmanaged-by: alist-batch',
      'secrets-fingerprint: 1a2b3c4\nmanaged-by: alist-batch',
    ]) {
      expect(markOf(remark)).toEqual({ set: null });
      expect(userRemark(remark)).toBe(remark.slice(0, remark.lastIndexOf('\n')));
    }
    // Read from the last line up: CRLF line ends, the last of two marker lines, text below the marker.
    expect(markOf('secrets-fingerprint: 1a2b3c4d\r\nmanaged-by: alist-batch\r\n')).toEqual({ set: null, fingerprint: '1a2b3c4d' });
    expect(markOf('managed-by: alist-batch (a)\nsecrets-fingerprint: 0000ffff\nmanaged-by: alist-batch (b)\nnote\n\n')).toEqual({
      set: 'b',
      fingerprint: '0000ffff',
    });
    expect(markOf('\nmanaged-by: alist-batch')).toEqual({ set: null });
    expect(markOf('\n\nnote\n')).toBeUndefined();
    expect(userRemark('note\nsecrets-fingerprint: 1a2b3c4d\nmanaged-by: alist-batch')).toBe('note');
    expect(userRemark('secrets-fingerprint: 1a2b3c4d')).toBe('secrets-fingerprint: 1a2b3c4d');
  });

  it('is written above the marker, replacing the one there was, or left out without a fingerprint', () => {
    const before = 'ask IT first\nsecrets-fingerprint: 00000000\nmanaged-by: alist-batch';
    expect(withMarker(before, null, '1a2b3c4d')).toBe('ask IT first\nsecrets-fingerprint: 1a2b3c4d\nmanaged-by: alist-batch');
    expect(withMarker(before, 'home-media')).toBe('ask IT first\nmanaged-by: alist-batch (home-media)');
  });

  it('leaves the marker line exactly as earlier versions wrote it, last: they still read the storage as theirs and keep the line', () => {
    const remark = withMarker('ask IT first', 'home-media', '1a2b3c4d');
    const lines = remark.split('\n');
    // Earlier versions match the marker line exactly, and keep every other line as the user's text.
    expect(lines[lines.length - 1]).toBe('managed-by: alist-batch (home-media)');
    const earlierUserText = lines.filter((line) => !line.startsWith('managed-by: alist-batch')).join('\n');
    expect(`${earlierUserText}\nmanaged-by: alist-batch (home-media)`).toBe(remark);
  });
});
