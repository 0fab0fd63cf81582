import { impliedBounds, type Figure, type Qualifier, type Unit } from '../events/schema/figure.js';
import type { StatementKind } from '../events/schema/statement.js';
import type { ArchiveEvent, StatementPublished } from '../events/types.js';
import { rng, type Rng } from './prng.js';

/** Bump whenever the events generated for a seed change: cached archives are keyed by it. */
export const generatorVersion = 1;

export type ArchiveShape = Readonly<{
  seed: number;
  /** Total events in the log: metrics, relations, statements, corrections and retractions. */
  events: number;
  metrics: number;
  /** Years the statements' publication dates spread over, from 4 January 2022. */
  years?: number;
}>;

type Topic = Readonly<{ id: string; unit: Unit; nouns: readonly string[]; weight: number }>;

// Topics and measures of the kind the January 2022 statements give, each broken down by region.
const topics: readonly Topic[] = [
  { id: 'victims', unit: 'persons', nouns: ['dead', 'injured', 'hospitalised', 'civilian-deaths', 'security-deaths'], weight: 8 },
  { id: 'detentions', unit: 'persons', nouns: ['detained', 'held-in-custody', 'released-on-bail', 'under-house-arrest'], weight: 7 },
  { id: 'cases', unit: 'cases', nouns: ['criminal-cases', 'homicide-cases', 'theft-cases', 'vandalism-cases', 'arms-trafficking-cases'], weight: 9 },
  { id: 'investigation', unit: 'cases', nouns: ['cases-under-investigation', 'cases-sent-to-court', 'cases-closed'], weight: 7 },
  { id: 'convictions', unit: 'persons', nouns: ['persons-tried', 'persons-convicted', 'sentenced-to-prison', 'suspended-sentences'], weight: 8 },
  { id: 'amnesty', unit: 'persons', nouns: ['amnesty-granted', 'released-under-amnesty', 'amnesty-refused'], weight: 6 },
  { id: 'torture', unit: 'cases', nouns: ['torture-complaints', 'torture-cases', 'torture-cases-in-court'], weight: 5 },
  { id: 'torture-accountability', unit: 'persons', nouns: ['officers-charged-with-torture', 'officers-convicted-of-torture'], weight: 3 },
  { id: 'property', unit: 'buildings', nouns: ['buildings-damaged', 'buildings-destroyed', 'shops-looted'], weight: 5 },
  { id: 'infrastructure', unit: 'facilities', nouns: ['facilities-damaged', 'atms-destroyed', 'police-stations-attacked'], weight: 3 },
  { id: 'damage', unit: 'KZT', nouns: ['damage-kzt', 'compensation-paid-kzt', 'insurance-claims-kzt'], weight: 4 },
  { id: 'foreign-damage', unit: 'USD', nouns: ['damage-usd', 'foreign-business-losses-usd'], weight: 2 },
  { id: 'criminal-responsibility', unit: 'persons', nouns: ['suspects-identified', 'persons-charged', 'officials-charged'], weight: 5 },
  { id: 'organised-groups', unit: 'groups', nouns: ['criminal-groups', 'organised-groups-dismantled'], weight: 2 },
  { id: 'appeals', unit: 'cases', nouns: ['appeals-filed', 'sentences-overturned'], weight: 3 },
  { id: 'pardons', unit: 'persons', nouns: ['persons-pardoned', 'pardon-petitions'], weight: 2 },
  { id: 'rehabilitation', unit: 'persons', nouns: ['persons-rehabilitated', 'compensation-recipients'], weight: 2 },
  { id: 'missing-persons', unit: 'persons', nouns: ['missing-persons', 'missing-persons-found'], weight: 2 },
  { id: 'foreign-nationals', unit: 'persons', nouns: ['foreign-nationals-detained', 'foreign-nationals-deported'], weight: 1 },
  { id: 'state-of-emergency', unit: 'cities', nouns: ['cities-under-curfew', 'cities-with-internet-shutdown'], weight: 1 },
];

const regions = [
  'almaty', 'astana', 'shymkent', 'almaty-region', 'zhambyl', 'kyzylorda', 'aktobe', 'atyrau', 'mangystau',
  'karaganda', 'kostanay', 'pavlodar', 'east-kazakhstan', 'west-kazakhstan', 'north-kazakhstan', 'akmola',
  'turkistan', 'zhetisu', 'abai', 'ulytau',
];

const speakers: readonly Readonly<{ name?: string; role?: string; body: string }>[] = [
  { name: 'Berik Asylov', role: 'Prosecutor General', body: 'Prosecutor General’s Office' },
  { role: 'Deputy Prosecutor General', body: 'Prosecutor General’s Office' },
  { name: 'Marat Akhmetzhanov', role: 'Minister of Internal Affairs', body: 'Ministry of Internal Affairs' },
  { role: 'Head of the Investigation Department', body: 'Ministry of Internal Affairs' },
  { name: 'Kassym-Jomart Tokayev', role: 'President', body: 'Office of the President' },
  { role: 'Chair of the Supreme Court', body: 'Supreme Court' },
  { role: 'Human Rights Commissioner', body: 'Office of the Human Rights Commissioner' },
  { role: 'Chair of the National Security Committee', body: 'National Security Committee' },
  { role: 'Minister of Justice', body: 'Ministry of Justice' },
  { role: 'Minister of Health', body: 'Ministry of Health' },
  { role: 'Minister of Finance', body: 'Ministry of Finance' },
  { role: 'Akim of Almaty', body: 'Almaty City Akimat' },
  { role: 'Chair of the Anti-Corruption Agency', body: 'Anti-Corruption Agency' },
  { body: 'Mazhilis' },
  { body: 'Senate' },
];

const kinds: readonly (readonly [StatementKind, number])[] = [
  ['announcement', 30], ['report', 20], ['hearing', 12], ['court-decision', 12], ['address', 6],
  ['list-publication', 5], ['trial', 8], ['law', 2], ['signing', 2], ['occurrence', 3],
];

const venues = ['Mazhilis', 'Senate', 'press briefing in Astana', 'press briefing in Almaty', 'Central Communications Service', 'official website', 'state television'];

const qualifiers: readonly (readonly [Qualifier, number])[] = [
  ['exact', 60], ['approximately', 15], ['over', 12], ['almost', 5], ['under', 4], ['up_to', 4],
];
const qualifierWords: Record<Qualifier, string> = {
  exact: '', approximately: 'approximately ', over: 'over ', almost: 'almost ', under: 'under ', up_to: 'up to ',
};
const unitWords: Record<Unit, string> = {
  persons: 'persons', cases: 'cases', groups: 'groups', buildings: 'buildings', facilities: 'facilities',
  cities: 'cities', KZT: 'tenge', USD: 'US dollars',
};
const figureCounts: readonly (readonly [number, number])[] = [
  [0, 5], [1, 20], [2, 25], [3, 20], [4, 12], [5, 8], [6, 6], [8, 3], [12, 1],
];

type MetricPlan = Readonly<{ id: string; label: string; topic: Topic; noun: string; region?: string; index: number }>;

/** The catalogue: every measure nationally first, then its regional breakdowns (parent: the national one). */
function planMetrics(count: number): MetricPlan[] {
  const nouns = topics.flatMap((topic) => topic.nouns.map((noun) => ({ topic, noun })));
  const out: MetricPlan[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const { topic, noun } of nouns) {
      if (out.length >= count) break;
      const region = round === 0 ? undefined : regions[(round - 1) % regions.length];
      const cycle = Math.floor((round - 1) / regions.length);
      const id = region ? `${noun}-${region}${cycle > 0 ? `-${cycle + 1}` : ''}` : noun;
      const words = noun.replaceAll('-', ' ');
      const label = `${words[0]!.toUpperCase()}${words.slice(1)}${region ? ` (${region.replaceAll('-', ' ')})` : ''}`;
      out.push({ id, label, topic, noun, ...(region ? { region } : {}), index: out.length });
    }
  }
  return out;
}

const dayMs = 86_400_000;
const epoch = Date.UTC(2022, 0, 4);
const dayOf = (n: number) => new Date(epoch + n * dayMs).toISOString().slice(0, 10);
const withCommas = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A deterministic archive: the same shape and seed give the same events, in the same order. */
export function* generateArchive(shape: ArchiveShape): Generator<ArchiveEvent> {
  const g = planner(shape);
  let emitted = 0;
  for (const m of g.metrics) {
    yield g.metricEvent(m);
    emitted++;
  }
  for (const r of g.relations()) {
    yield r;
    emitted++;
  }
  const flow = rng(shape.seed, 'flow');
  const retracted = new Set<number>();
  for (let i = 0; emitted < shape.events; i++) {
    yield g.statement(i);
    emitted++;
    // About 1% of events correct an earlier statement, and 0.1% retract one.
    if (i > 10 && emitted < shape.events && flow.chance(0.01)) {
      const target = flow.int(0, i - 1);
      if (!retracted.has(target)) {
        yield g.correction(target, flow, i);
        emitted++;
      }
    }
    if (i > 10 && emitted < shape.events && flow.chance(0.001)) {
      const target = flow.int(0, i - 1);
      if (!retracted.has(target)) {
        retracted.add(target);
        yield g.retraction(target, flow);
        emitted++;
      }
    }
  }
}

function planner(shape: ArchiveShape) {
  const metrics = planMetrics(shape.metrics);
  const byTopic = new Map<string, MetricPlan[]>();
  for (const m of metrics) byTopic.set(m.topic.id, [...(byTopic.get(m.topic.id) ?? []), m]);
  const usedTopics = topics.filter((t) => byTopic.has(t.id));
  const topicWeights = usedTopics.map((t) => [t, t.weight] as const);
  const spanDays = Math.round((shape.years ?? 10) * 365.25);
  const statementCount = Math.max(1, Math.round((shape.events - metrics.length) / 1.011));
  const magnitude = metrics.map((m) => {
    const r = rng(shape.seed, 'metric', m.index);
    const national = m.topic.unit === 'KZT' ? r.int(1, 90) * 1e9 : m.topic.unit === 'USD' ? r.int(1, 500) * 1e6 : r.int(20, 6000);
    return m.region ? Math.max(1, Math.round(national * (0.01 + r.next() * 0.2))) : national;
  });

  const figureOf = (m: MetricPlan, r: Rng, day: number, publishedOn: string): Figure => {
    const grown = magnitude[m.index]! * (0.3 + 0.7 * Math.min(1, (day / spanDays) * 3)) * (0.95 + r.next() * 0.1);
    const qualifier = r.weighted(qualifiers);
    const value = qualifier === 'exact' ? Math.round(grown) : roundTo2Significant(grown);
    const asOfChoice = r.weighted([['statement', 65], ['day', 30], ['month', 5]] as const);
    const asOfDay = Math.max(0, day - r.int(1, 90));
    const asOf = asOfChoice === 'statement' ? publishedOn : asOfChoice === 'day' ? dayOf(asOfDay) : dayOf(asOfDay).slice(0, 7);
    const where = m.region ? ` in ${m.region.replaceAll('-', ' ')}` : '';
    return {
      metric: m.id,
      value,
      qualifier,
      unit: m.topic.unit,
      asOf,
      asOfInferred: asOfChoice === 'statement' && r.chance(0.05),
      wording: `${qualifierWords[qualifier]}${withCommas(value)} ${unitWords[m.topic.unit]}: ${m.noun.replaceAll('-', ' ')}${where}`,
      bounds: impliedBounds(value, qualifier),
    };
  };

  const statement = (i: number): StatementPublished => {
    const r = rng(shape.seed, 'statement', i);
    const backfill = r.chance(0.03);
    const day = Math.max(0, Math.floor((i * spanDays) / statementCount) + (backfill ? -r.int(30, 400) : r.int(0, 2)));
    const dayText = dayOf(day);
    const precision = r.weighted([['day', 90], ['month', 8], ['year', 2]] as const);
    const publishedOn = precision === 'day' ? dayText : precision === 'month' ? dayText.slice(0, 7) : dayText.slice(0, 4);
    const topic = r.weighted(topicWeights);
    const pool = byTopic.get(topic.id)!;
    const wanted = Math.min(r.weighted(figureCounts), pool.length);
    const chosen = new Set<MetricPlan>();
    while (chosen.size < wanted) chosen.add(r.pick(pool));
    const figures = [...chosen].map((m) => figureOf(m, r, day, publishedOn));
    const speaker = r.pick(speakers);
    const kind = r.weighted(kinds);
    const other = r.chance(0.4) ? r.pick(usedTopics).id : undefined;
    const id = `s${i}-${dayText}`;
    const title = `${speaker.role ?? speaker.body} on ${topic.id.replaceAll('-', ' ')} (${kind.replaceAll('-', ' ')})`;
    const data = {
      id,
      publishedOn,
      speaker: { ...speaker },
      ...(r.chance(0.7) ? { venue: r.pick(venues) } : {}),
      kind,
      title,
      summary:
        `${speaker.name ?? speaker.body} gave an update on ${topic.id.replaceAll('-', ' ')} related to the January 2022 events` +
        (figures.length ? `, with ${figures.length} figure${figures.length > 1 ? 's' : ''}: ${figures.map((f) => f.wording).join('; ')}.` : '.'),
      ...(r.chance(0.3) ? { quote: `“The work on ${topic.id.replaceAll('-', ' ')} continues in line with the law.”` } : {}),
      figures,
      topics: other && other !== topic.id ? [topic.id, other] : [topic.id],
      sources: [
        {
          title: `${speaker.body}: ${topic.id.replaceAll('-', ' ')} update`,
          publisher: speaker.body,
          url: `https://www.gov.kz/memleket/entities/press/news/details/${100000 + i}`,
          date: publishedOn,
        },
      ],
    };
    return { type: 'StatementPublished', data };
  };

  return {
    metrics,
    statement,
    metricEvent(m: MetricPlan): ArchiveEvent {
      const parent = m.region ? metrics.find((n) => n.noun === m.noun && !n.region)?.id : undefined;
      return {
        type: 'MetricDefined',
        data: {
          id: m.id,
          label: m.label,
          unit: m.topic.unit,
          topic: m.topic.id,
          ...(parent ? { parent } : {}),
          description: `${m.label}, as official statements on the January 2022 events give it.`,
        },
      };
    },
    *relations(): Generator<ArchiveEvent> {
      // Regional figures are a subset of the national one; national counts of persons only grow.
      for (const national of metrics.filter((m) => !m.region)) {
        const parts = metrics.filter((m) => m.region && m.noun === national.noun).slice(0, 50).map((m) => m.id);
        if (parts.length) {
          yield {
            type: 'RelationDeclared',
            data: { id: `${national.id}-by-region`, kind: 'subset', whole: national.id, parts, phrase: 'of which, by region' },
          };
        }
      }
    },
    /** `serial` makes every correction's content, and so its id, unique. */
    correction(target: number, r: Rng, serial: number): ArchiveEvent {
      const original = statement(target).data;
      const statementId = original.id;
      if (original.figures.length && r.chance(0.6)) {
        const k = r.int(0, original.figures.length - 1);
        const figures = original.figures.map((f, j) => {
          if (j !== k) return f;
          const value = f.value + r.int(1, 9) * (f.qualifier === 'exact' ? 1 : 10);
          return { ...f, value, wording: `${qualifierWords[f.qualifier]}${withCommas(value)} ${unitWords[f.unit]}`, bounds: impliedBounds(value, f.qualifier) };
        });
        return { type: 'StatementCorrected', data: { statementId, reason: `figure mistyped in transcription (review ${serial})`, changes: { figures } } };
      }
      return {
        type: 'StatementCorrected',
        data: { statementId, reason: `title transcribed wrongly (review ${serial})`, changes: { title: `${original.title}, as corrected in review ${serial}` } },
      };
    },
    retraction(target: number, _r: Rng): ArchiveEvent {
      return { type: 'StatementRetracted', data: { statementId: statement(target).data.id, reason: 'entered in error: a duplicate of another statement' } };
    },
  };
}

function roundTo2Significant(x: number): number {
  if (x < 100) return Math.max(1, Math.round(x));
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / step) * step;
}
