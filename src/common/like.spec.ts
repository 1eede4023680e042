import { likeContaining } from './like';

describe('likeContaining', () => {
  it('wraps the text in wildcards', () => {
    expect(likeContaining('酥梨')).toBe('%酥梨%');
  });

  it('escapes the wildcards and the escape character typed by the user', () => {
    expect(likeContaining('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
