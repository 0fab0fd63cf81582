import type { Qualifier, Unit } from '../../events/schema/figure.js';

const qualifierWords: Record<Qualifier, string> = {
  exact: '',
  approximately: '≈ ',
  over: 'over ',
  under: 'under ',
  almost: 'almost ',
  up_to: 'up to ',
};

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** Large money amounts read as the source wrote them: 37,500,000,000 KZT → "37.5 billion tenge". */
export function formatAmount(value: number, unit: Unit): string {
  if (unit === 'KZT' || unit === 'USD') {
    const scales: [number, string][] = [
      [1e12, 'trillion'],
      [1e9, 'billion'],
      [1e6, 'million'],
    ];
    const [scale, word] = scales.find(([s]) => value >= s) ?? [1, ''];
    const amount = `${grouped.format(value / scale)}${word ? ` ${word}` : ''}`;
    return unit === 'KZT' ? `${amount} tenge` : `$${amount}`;
  }
  return grouped.format(value);
}

/** A figure as a reader would say it: "≈ 1,700", "over 1,000", "37.5 billion tenge". */
export function formatFigureValue(f: { value: number; qualifier: Qualifier; unit: Unit }): string {
  return `${qualifierWords[f.qualifier]}${formatAmount(f.value, f.unit)}`;
}

export function formatCount(value: number): string {
  return grouped.format(value);
}
