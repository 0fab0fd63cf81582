import type { EventStore } from './port.js';

// Placeholder until the EventStoreDB adapter lands (issue 4).
export function getEventStoreDbEventStore(_connection: string): EventStore {
  throw new Error('not yet');
}
