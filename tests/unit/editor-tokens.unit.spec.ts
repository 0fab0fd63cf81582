import { describe, expect, it } from 'vitest';
import { parseEditorTokens } from '../../src/config.js';

describe('QANTAR_EDITOR_TOKENS', () => {
  it('names each editor: name:token, comma-separated; a token may itself hold a colon', () => {
    expect(parseEditorTokens(' aigerim:tok-1 , daulet.s:tok:2 ')).toEqual([
      { name: 'aigerim', token: 'tok-1' },
      { name: 'daulet.s', token: 'tok:2' },
    ]);
    expect(parseEditorTokens('Айгерим:tok-3')).toEqual([{ name: 'Айгерим', token: 'tok-3' }]);
    expect(parseEditorTokens(undefined)).toEqual([]);
    expect(parseEditorTokens('')).toEqual([]);
  });

  it.each([
    ['bare-secret-token', /entry 1 of 1: an editor token needs the editor's name, as name:token/],
    ['aigerim:one,two-secret', /entry 2 of 2: an editor token needs the editor's name/],
    [':secret-token', /entry 1 of 1: the editor's name must be/],
    ['a b:secret-token', /the editor's name must be/],
    ['aigerim:', /editor "aigerim" has an empty token/],
    ['aigerim:secret-1,aigerim:secret-2', /the name "aigerim" is given twice/],
    ['aigerim:secret-1,daulet:secret-1', /"daulet" has the same token as another editor/],
  ])('refuses %s, never repeating a token', (value, message) => {
    expect(() => parseEditorTokens(value)).toThrow(message);
    try {
      parseEditorTokens(value);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/secret/);
    }
  });
});
