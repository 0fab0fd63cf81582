/**
 * Kazakh case endings after a number written in digits: "1 000-нан астам", "100-ден астам",
 * "40-тан астам", "5-ке дейін". The ending follows how the number is read aloud: its last
 * spoken word decides the vowel (back а/о/ұ/ы → а, front ә/е/ө/ү/і → е) and the first consonant
 * of the ending (after a nasal м/н/ң the ablative takes н-; after a voiceless consonant, and б/в/г/д,
 * which are devoiced at the end of a word, т- or қ/к-; else д- or ғ/г-).
 */
export type KazakhCase = 'ablative' | 'dative';

const ones = ['нөл', 'бір', 'екі', 'үш', 'төрт', 'бес', 'алты', 'жеті', 'сегіз', 'тоғыз'];
const tens = ['', 'он', 'жиырма', 'отыз', 'қырық', 'елу', 'алпыс', 'жетпіс', 'сексен', 'тоқсан'];
/** Powers of a thousand, largest first: the word said last when everything below it is zero. */
const powers: readonly [number, string][] = [
  [1e12, 'триллион'],
  [1e9, 'миллиард'],
  [1e6, 'миллион'],
  [1e3, 'мың'],
];

/** The last word of a whole number read aloud in Kazakh: 1 000 → "мың", 1 205 → "бес", 40 → "қырық". */
export function lastSpokenWord(whole: number): string {
  const n = Math.abs(Math.trunc(whole));
  if (n % 10 !== 0 || n === 0) return ones[n % 10]!;
  if (n % 100 !== 0) return tens[(n % 100) / 10]!;
  if (n % 1000 !== 0) return 'жүз';
  for (const [power, word] of [...powers].reverse()) {
    if (n % (power * 1000) !== 0 || power === 1e12) return word;
  }
  return 'триллион';
}

const backVowels = /[аоұыяю]/;
// и and у take their harmony from the vowel before them (елу → елуден), so they do not decide it.
const vowels = /[аоұыяюәеөүіэ]/;
const nasals = new Set(['м', 'н', 'ң']);
// Voiceless consonants, and the voiced stops that are devoiced at the end of a word.
const voiceless = new Set(['к', 'қ', 'п', 'с', 'т', 'ф', 'х', 'ш', 'щ', 'ц', 'ч', 'б', 'в', 'г', 'д']);

/** The ending a word takes in a case: "мың" → "нан", "жүз" → "ден", "қырық" → "тан", "мың" dative → "ға". */
export function caseEnding(word: string, grammaticalCase: KazakhCase): string {
  const lower = word.toLowerCase();
  const lastVowel = [...lower].reverse().find((c) => vowels.test(c));
  const back = lastVowel !== undefined && backVowels.test(lastVowel);
  const last = lower.at(-1) ?? '';
  if (grammaticalCase === 'ablative') {
    const consonant = nasals.has(last) ? 'н' : voiceless.has(last) ? 'т' : 'д';
    return `${consonant}${back ? 'а' : 'е'}н`;
  }
  if (voiceless.has(last)) return back ? 'қа' : 'ке';
  return back ? 'ға' : 'ге';
}

/** How an abbreviation after a number is read, for its ending: "37,5 млрд-тан". */
const abbreviations: Readonly<Record<string, string>> = { трлн: 'триллион', млрд: 'миллиард', млн: 'миллион' };

/**
 * A written amount with the case ending on its last word: digits and abbreviations take it after
 * a hyphen ("1 000-нан", "37,5 млрд-тан"), a whole word directly ("теңгеден"). A decimal is read
 * "отыз жеті бүтін оннан бес", so its fraction's last word decides.
 */
export function withCaseEnding(amount: string, grammaticalCase: KazakhCase): string {
  const lastToken = amount.split(/[\s\u00a0\u202f]+/).at(-1) ?? amount;
  const abbreviation = abbreviations[lastToken];
  if (abbreviation) return `${amount}-${caseEnding(abbreviation, grammaticalCase)}`;
  const digits = /(\d[\d\u00a0\u202f ]*)(?:,(\d+))?$/.exec(amount);
  if (digits) {
    const spokenLast = digits[2] !== undefined ? Number(digits[2]) : Number(digits[1]!.replace(/\D/g, ''));
    return `${amount}-${caseEnding(lastSpokenWord(spokenLast), grammaticalCase)}`;
  }
  return `${amount}${caseEnding(lastToken, grammaticalCase)}`;
}
