import { normaliseMobile } from './phone';

describe('mainland mobile numbers', () => {
  it.each([
    ['13800000101', '13800000101'],
    ['+86 138 0000 0101', '13800000101'],
    ['0086-138-0000-0101', '13800000101'],
    ['１３８００００01０1', '13800000101'],
  ])('normalises %s', (input, out) => {
    expect(normaliseMobile(input)).toBe(out);
  });

  it.each(['12800000101', '1380000010', '138000001011', '0557-1234567', 'abc'])('refuses %s', (input) => {
    expect(normaliseMobile(input)).toBeNull();
  });
});
