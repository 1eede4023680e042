import { canonicalUsername, formUsername } from './username';

describe('the canonical username', () => {
  it.each([
    ['buyer-supermarket-1', 'buyer-supermarket-1'],
    ['buyer-supermarket-1\u200B', 'buyer-supermarket-1'],
    ['\uFEFFbuyer-\u200Dsupermarket-1\u2060', 'buyer-supermarket-1'],
    ['\u202Ebuyer-supermarket-1\u202C', 'buyer-supermarket-1'],
    ['buyer\u00AD-supermarket-1', 'buyer-supermarket-1'],
    ['BUYER-Supermarket-1', 'buyer-supermarket-1'],
    ['ｂｕｙｅｒ－ｓｕｐｅｒｍａｒｋｅｔ－１', 'buyer-supermarket-1'],
    ['  buyer-supermarket-1\u3000', 'buyer-supermarket-1'],
  ])('of %j is %j', (typed, canonical) => {
    expect(canonicalUsername(typed)).toBe(canonical);
  });

  it('is unchanged when applied again', () => {
    for (const typed of ['ＷＡＮＧ\u200B', 'İstanbul', 'Straße']) {
      const once = canonicalUsername(typed);
      expect(canonicalUsername(once)).toBe(once);
    }
  });

  it('reads a repeated form field as its first value, and leaves what is not text to the validator', () => {
    expect(formUsername(['Wang\u200B', 'other'])).toBe('wang');
    expect(formUsername('Wang')).toBe('wang');
    expect(formUsername({ a: 1 })).toEqual({ a: 1 });
    expect(formUsername(undefined)).toBeUndefined();
  });
});
