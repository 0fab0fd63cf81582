import { describe, expect, it } from 'vitest';
import { suggestedId, topicSlugs } from '../../src/http/editor-form.js';

describe('what the editor form makes of its input', () => {
  it('makes a statement id from a title in any of the archive’s languages, transliterating Cyrillic', () => {
    expect(suggestedId('Supreme Court: 1,250 convicted', '2023-06-01')).toBe('supreme-court-1-250-convicted-2023-06-01');
    expect(suggestedId('Суд: 1 250 осуждённых', '2023-06-01')).toBe('sud-1-250-osuzhdyonnyh-2023-06-01');
    expect(suggestedId('Бас прокуратура: қылмыстық істер', '2023-06')).toMatch(/^bas-prokuratura-[a-z-]+-2023-06$/);
    expect(suggestedId('', '2023')).toBe('2023');
  });

  it('files topics typed as words under slugs', () => {
    expect(topicSlugs('Appeals, human rights;  amnesty_law')).toEqual(['appeals', 'human-rights', 'amnesty-law']);
    expect(topicSlugs(' ')).toEqual([]);
  });
});
