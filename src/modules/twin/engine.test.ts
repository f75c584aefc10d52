// The event calendar: earliest first, first in first out among equal times,
// growth past its first capacity, and the clock of a run.
import { describe, expect, it } from 'vitest';
import { EventCalendar, type Model, Simulation } from './engine.js';
import { streamOf } from './random.js';

describe('the event calendar', () => {
  it('gives events back earliest first, equal times in the order scheduled', () => {
    const calendar = new EventCalendar(4);
    const times = [5, 1, 3, 1, 5, 0, 3, 1];
    for (const [i, t] of times.entries()) calendar.schedule(t, 0, i, 0);
    const out: [number, number][] = [];
    while (calendar.size > 0) {
      const slot = calendar.pop();
      out.push([calendar.timeOf(slot), calendar.targetOf(slot)]);
    }
    expect(out).toEqual([
      [0, 5],
      [1, 1],
      [1, 3],
      [1, 7],
      [3, 2],
      [3, 6],
      [5, 0],
      [5, 4],
    ]);
  });

  it('orders a million random events like a sort does, while slots are reused', () => {
    const random = streamOf(7, 'calendar');
    const calendar = new EventCalendar(16);
    let last = -1;
    let lastOrder = -1;
    let popped = 0;
    let now = 0;
    let outOfOrder = 0;
    // Keep about a thousand events pending: pop one, schedule one, as a model does.
    for (let i = 0; i < 1000; i++) calendar.schedule(random.next() * 10, 0, i, 0);
    let target = 1000;
    while (popped < 1_000_000) {
      const slot = calendar.pop();
      const time = calendar.timeOf(slot);
      const order = calendar.targetOf(slot);
      if (time < last || (time === last && order < lastOrder)) outOfOrder++;
      last = time;
      lastOrder = order;
      now = time;
      popped++;
      // Some events at exactly the same time, to exercise the tie order.
      calendar.schedule(random.next() < 0.1 ? now : now + random.next() * 10, 0, target++, 0);
    }
    expect(outOfOrder).toBe(0);
    expect(calendar.size).toBe(1000);
    expect(calendar.scheduled).toBe(1_001_000);
  });
});

describe('a simulation run', () => {
  it('runs the events due by the end, and stops the clock there', () => {
    const simulation = new Simulation(2);
    const seen: number[] = [];
    const model: Model = {
      handle(_kind, target, _token, now) {
        seen.push(now);
        if (target < 5) simulation.schedule(2, 0, target + 1, 0);
      },
    };
    simulation.schedule(1, 0, 0, 0);
    const first = simulation.run(model, 6);
    expect(seen).toEqual([1, 3, 5]);
    expect(first.events).toBe(3);
    expect(simulation.now).toBe(6);
    simulation.run(model, 100);
    expect(seen).toEqual([1, 3, 5, 7, 9, 11]);
    expect(simulation.events).toBe(6);
  });
});
