import { firstDay } from '../../events/schema/dates.js';
import type { StatementVersion } from './statements.js';

/** Where a statement stands in the timeline's index: its first day, then its version's log position. A cursor holds one. */
export type TimelineKey = Readonly<{ day: string; position: number }>;

/** The key of a statement version: pure, no query, so pages may compute it for their cursors. */
export const timelineKey = (v: StatementVersion): TimelineKey => ({ day: firstDay(v.statement.publishedOn), position: v.position });
