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
