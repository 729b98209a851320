import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomEdit } from '../../dev/bench/room-ops';
import { prng } from '../../dev/prng';
import type { Definition } from '../audience/definition';
import type { RoomLogEntry } from '../contracts/room-messages';
import {
  applyLocal,
  applyRemote,
  applySnapshot,
  clientDraft,
  dropPending,
  type ClientDraft,
} from './client-state';
import type { Op } from './ops';
import { publicEntry, RoomState } from './room-state';

/*
 * N simulated co-editors against one RoomState over a simulated network: random ops, undos and
 * redos at random times, random uplink and downlink delays (each link in order, as a WebSocket is),
 * and disconnections that lose messages and reconnect with a catch-up or a snapshot. When the
 * network drains, every client holds exactly the room's draft.
 */

type ToRoom =
  | { type: 'op'; clientOpId: string; op: Op }
  | { type: 'undo' | 'redo'; clientOpId: string }
  | { type: 'hello'; since: number };
type ToClient =
  | { type: 'applied'; entry: RoomLogEntry }
  | { type: 'rejected'; clientOpId: string }
  | { type: 'snapshot'; definition: Definition; seq: number }
  | { type: 'catch_up'; entries: RoomLogEntry[] };

interface Client {
  actor: string;
  draft: ClientDraft;
  online: boolean;
  /** The room sends ops only to connections that have said hello (the DO does the same). */
  synced: boolean;
  /** Connection generation: messages for an older connection are lost. */
  generation: number;
  upAt: number;
  downAt: number;
  sent: number;
}

interface Event {
  at: number;
  order: number;
  run: () => void;
}

const start: Definition = {
  version: 1,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [{ id: 'seed', kind: 'rule', field: 'industry', op: 'eq', value: 'Software' }],
  },
};

function simulate(seed: number, clients: number, actions: number) {
  const random = prng(seed);
  const room = new RoomState(structuredClone(start), 0, []);
  let ids = 0;
  const events: Event[] = [];
  let order = 0;
  const at = (time: number, run: () => void) => events.push({ at: time, order: order++, run });
  const people: Client[] = Array.from({ length: clients }, (_, i) => ({
    actor: `user:${i}`,
    draft: clientDraft(structuredClone(start), 0),
    online: true,
    synced: true,
    generation: 0,
    upAt: 0,
    downAt: 0,
    sent: 0,
  }));

  const deliver = (client: Client, now: number, message: ToClient) => {
    const generation = client.generation;
    client.downAt = Math.max(client.downAt, now) + random() * 30;
    at(client.downAt, () => {
      if (!client.online || client.generation !== generation) return; // lost with the connection
      receive(client, message);
    });
  };

  const receive = (client: Client, message: ToClient) => {
    switch (message.type) {
      case 'applied': {
        const next = applyRemote(client.draft, message.entry);
        if (!next) throw new Error(`client ${client.actor} saw a gap at ${message.entry.seq}`);
        client.draft = next;
        return;
      }
      case 'rejected':
        client.draft = dropPending(client.draft, message.clientOpId);
        return;
      case 'snapshot':
        client.draft = applySnapshot(client.draft, message.definition, message.seq);
        return resendPending(client);
      case 'catch_up':
        for (const entry of message.entries) client.draft = applyRemote(client.draft, entry)!;
        return resendPending(client);
    }
  };

  const toRoom = (client: Client, now: number, message: ToRoom) => {
    const generation = client.generation;
    const arrives = (client.upAt = Math.max(client.upAt, now) + random() * 30);
    at(arrives, () => {
      if (client.generation !== generation) return; // sent on a connection that dropped
      handle(client, arrives, message);
    });
  };

  const handle = (client: Client, now: number, message: ToRoom) => {
    const author = { actor: client.actor, name: client.actor };
    if (message.type === 'hello') {
      client.synced = true;
      const entries = room.entriesSince(message.since);
      deliver(
        client,
        now,
        entries
          ? { type: 'catch_up', entries: entries.map(publicEntry) }
          : { type: 'snapshot', definition: room.definition, seq: room.seq },
      );
      return;
    }
    const outcome =
      message.type === 'op'
        ? room.submit(author, message.op, message.clientOpId, now)
        : room[message.type](author, message.clientOpId, now);
    if (outcome.kind === 'applied') {
      const entry = publicEntry(outcome.entry);
      for (const c of people) if (c.synced) deliver(c, now, { type: 'applied', entry });
    } else if (outcome.kind === 'rejected') {
      deliver(client, now, { type: 'rejected', clientOpId: message.clientOpId });
    }
  };

  const resendPending = (client: Client) => {
    for (const pending of client.draft.pending)
      toRoom(client, client.downAt, { type: 'op', clientOpId: pending.clientOpId, op: pending.op });
  };

  for (let i = 0; i < actions; i++) {
    const time = random() * 5000;
    const client = people[Math.floor(random() * people.length)]!;
    at(time, () => {
      const roll = random();
      if (roll < 0.05 && client.online) {
        // Drop the connection: in-flight messages both ways are lost; reconnect a little later.
        client.online = false;
        client.synced = false;
        client.generation += 1;
        const back = time + 50 + random() * 300;
        at(back, () => {
          client.online = true;
          client.upAt = client.downAt = back;
          toRoom(client, back, { type: 'hello', since: client.draft.seq });
        });
        return;
      }
      if (!client.online) return;
      if (roll < 0.15) {
        toRoom(client, time, { type: random() < 0.7 ? 'undo' : 'redo', clientOpId: `u${ids++}` });
        return;
      }
      let edit = randomEdit(client.draft.view, random, () => `n${ids++}`);
      while (!edit) edit = randomEdit(client.draft.view, random, () => `n${ids++}`);
      const op = edit.op;
      const pending = { clientOpId: `${client.actor}-${client.sent++}`, op };
      client.draft = applyLocal(client.draft, pending);
      toRoom(client, time, { type: 'op', ...pending });
    });
  }

  while (events.length) {
    let first = 0;
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i]!, events[first]!];
      if (a.at < b.at || (a.at === b.at && a.order < b.order)) first = i;
    }
    events.splice(first, 1)[0]!.run();
  }
  return { room, people };
}

// 60 simulated sessions of ~150 actions: a couple of seconds, more on a busy machine.
describe('co-editing convergence', { timeout: 60_000 }, () => {
  it('every client ends with the room’s draft, whatever the interleaving', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 6 }),
        (seed, clients) => {
          const { room, people } = simulate(seed, clients, 150);
          expect(room.seq).toBeGreaterThan(20);
          for (const person of people) {
            expect(person.draft.pending).toEqual([]);
            expect(person.draft.seq).toBe(room.seq);
            expect(person.draft.confirmed).toEqual(room.definition);
            expect(person.draft.view).toEqual(room.definition);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
