import { describe, expect, it } from 'vitest';
import { matchExpression } from '../../projections/search/match-expression.js';
import { segments } from '../../projections/search/query.js';

describe('a reader’s words as an FTS5 query', () => {
  it('quotes every term, so FTS5 operators, columns and parentheses are words to look for', () => {
    expect(matchExpression('амнистия закон')).toBe('"амнистия" "закон"');
    expect(matchExpression('NEAR(a b) OR title:x')).toBe('"NEAR(a" "b)" "OR" "title:x"');
    expect(matchExpression('{title body}: ^x -y')).toBe('"{title" "body}:" "^x" "-y"');
  });

  it('keeps a phrase in double quotes together, and an unclosed quote runs to the end', () => {
    expect(matchExpression('"Генеральная прокуратура" Асылов')).toBe('"Генеральная прокуратура" "Асылов"');
    expect(matchExpression('"unclosed phrase')).toBe('"unclosed phrase"');
    expect(matchExpression('a"b')).toBe('"a" "b"');
  });

  it('takes a trailing * as a prefix, and only there', () => {
    expect(matchExpression('амнист*')).toBe('"амнист"*');
    expect(matchExpression('рақымшылық** "Бас прокур"*')).toBe('"рақымшылық"* "Бас прокур"*');
    expect(matchExpression('*court')).toBe('"*court"');
  });

  it('drops what has no letter or digit, and gives nothing when nothing is left', () => {
    expect(matchExpression('- * "" ( amnesty')).toBe('"amnesty"');
    expect(matchExpression('*** "" -')).toBeUndefined();
    expect(matchExpression('   ')).toBeUndefined();
  });
});

describe('highlighted text as segments', () => {
  it('splits at the marks FTS5 put in, keeping the text as it is', () => {
    expect(segments('a \u0002<b>\u0003 c')).toEqual([
      { text: 'a ', match: false },
      { text: '<b>', match: true },
      { text: ' c', match: false },
    ]);
    expect(segments('no match')).toEqual([{ text: 'no match', match: false }]);
    expect(segments('')).toEqual([]);
  });
});
