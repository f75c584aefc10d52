// The work-order state machine: every state × command pair against an outcome
// written out by hand (not derived from the machine's own tables), then each
// command's own rules and refusals, on the reference plant.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlantFile } from '../plant/index.js';
import { readPlantText } from '../plant/plant-file.js';
import { workOrderId } from './model.js';
import {
  applyWorkOrderCommand,
  type CommandContext,
  type CommandResult,
  createWorkOrder,
  type HoldableState,
  RECENT_SCRAP_KEPT,
  WORK_ORDER_COMMANDS,
  type WorkOrder,
  type WorkOrderCommand,
  type WorkOrderCommandType,
  type WorkOrderState,
} from './work-order.js';

function referencePlant(): PlantFile {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error('the reference plant is not valid');
  return result.plant;
}

const plant = referencePlant();
const AT = new Date('2027-03-01T10:00:00.000Z');
const context: CommandContext = { at: AT, actor: 'operator.l3', plant };

/** A work order of 100,000 tracer cartridges on line 3, put straight into a state. */
function orderIn(state: WorkOrderState, heldFrom: HoldableState | null = null): WorkOrder {
  return {
    id: workOrderId('wo-0001'),
    number: 'WO-1',
    product: 'C762-TRACER',
    line: 'L3',
    quantity: 100_000,
    state,
    heldFrom,
    goodCount: 0,
    scrapCount: 0,
    recordedScrap: 0,
    scrapEntries: 0,
    recentScrap: [],
    history: [],
  };
}

/** A command of each type with valid arguments, so only the state decides. */
const VALID: Record<WorkOrderCommandType, WorkOrderCommand> = {
  release: { type: 'release' },
  start: { type: 'start' },
  pause: { type: 'pause', reason: 'MECH-BS' },
  resume: { type: 'resume' },
  hold: { type: 'hold', reason: 'NCR-27-014: tracer lot under investigation' },
  unhold: { type: 'unhold' },
  recordScrap: { type: 'recordScrap', quantity: 12, reason: 'SCR-SEAT-HIGH', station: 'BS' },
  complete: { type: 'complete' },
  close: { type: 'close' },
  cancel: { type: 'cancel' },
};

function expectOk(result: CommandResult) {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result;
}

function expectRefused(result: CommandResult, code: string, message?: string) {
  if (result.ok) throw new Error(`accepted; expected ${code}`);
  expect(result.error.code).toBe(code);
  if (message !== undefined) expect(result.error.message).toBe(message);
  return result.error;
}

describe('every state × command', () => {
  // '·' is a refusal; otherwise the state the order is in afterwards.
  // Columns: release, start, pause, resume, hold, unhold, recordScrap, complete, close, cancel.
  const R = '·';
  // biome-ignore format: a table, laid out to be read
  const rows: [string, WorkOrderState, HoldableState | null, string[], string][] = [
    ['planned', 'planned', null,
      ['released', R, R, R, 'on_hold', R, R, R, R, 'cancelled'], 'release, hold, cancel'],
    ['released', 'released', null,
      [R, 'running', R, R, 'on_hold', R, R, R, R, 'cancelled'], 'start, hold, cancel'],
    ['running', 'running', null,
      [R, R, 'paused', R, 'on_hold', R, 'running', 'completed', R, R],
      'pause, hold, recordScrap, complete'],
    ['paused', 'paused', null,
      [R, R, R, 'running', 'on_hold', R, 'paused', 'completed', R, R],
      'resume, hold, recordScrap, complete'],
    ['on hold from planned', 'on_hold', 'planned',
      [R, R, R, R, R, 'planned', R, R, R, R], 'unhold'],
    ['on hold from released', 'on_hold', 'released',
      [R, R, R, R, R, 'released', R, R, R, R], 'unhold'],
    ['on hold from running', 'on_hold', 'running',
      [R, R, R, R, R, 'running', R, R, R, R], 'unhold'],
    ['on hold from paused', 'on_hold', 'paused',
      [R, R, R, R, R, 'paused', R, R, R, R], 'unhold'],
    ['completed', 'completed', null,
      [R, R, R, R, R, R, R, R, 'closed', R], 'close'],
    ['closed', 'closed', null,
      [R, R, R, R, R, R, R, R, R, R], 'none'],
    ['cancelled', 'cancelled', null,
      [R, R, R, R, R, R, R, R, R, R], 'none'],
  ];
  // biome-ignore format: the columns of the table above
  const columns: WorkOrderCommandType[] = [
    'release', 'start', 'pause', 'resume', 'hold', 'unhold', 'recordScrap', 'complete', 'close', 'cancel',
  ];
  // biome-ignore format: short lookup tables
  const stateWords: Record<WorkOrderState, string> = {
    planned: 'planned', released: 'released', running: 'running', paused: 'paused',
    on_hold: 'on hold', completed: 'completed', closed: 'closed', cancelled: 'cancelled',
  };
  // biome-ignore format: short lookup tables
  const verbs: Record<WorkOrderCommandType, string> = {
    release: 'release', start: 'start', pause: 'pause', resume: 'resume', hold: 'hold',
    unhold: 'unhold', recordScrap: 'record scrap on', complete: 'complete', close: 'close',
    cancel: 'cancel',
  };

  const cases = rows.flatMap(([name, state, heldFrom, outcomes, allowed]) =>
    columns.map((command, c) => ({
      name,
      state,
      heldFrom,
      command,
      outcome: outcomes[c]!,
      allowed,
    })),
  );

  it('covers all 11 starting points and all 10 commands', () => {
    expect(cases).toHaveLength(110);
    expect(columns).toEqual([...WORK_ORDER_COMMANDS]);
  });

  it.each(cases)('$name, $command → $outcome', ({ state, heldFrom, command, outcome, allowed }) => {
    const before = orderIn(state, heldFrom);
    const result = applyWorkOrderCommand(before, VALID[command], context);
    if (outcome === R) {
      const error = expectRefused(
        result,
        'illegal_transition',
        `cannot ${verbs[command]} work order WO-1: it is ${stateWords[state]}; allowed: ${allowed}`,
      );
      expect(error.allowed).toEqual(allowed === 'none' ? [] : allowed.split(', '));
      return;
    }
    const { workOrder } = expectOk(result);
    expect(workOrder.state).toBe(outcome);
    expect(workOrder.heldFrom).toBe(outcome === 'on_hold' ? state : null);
    if (command === 'recordScrap') {
      expect(workOrder.history).toEqual([]);
    } else {
      expect(workOrder.history).toEqual([
        expect.objectContaining({ from: state, to: outcome, command, at: AT.toISOString() }),
      ]);
    }
  });

  it('says so in the words of the issue', () => {
    expectRefused(
      applyWorkOrderCommand(orderIn('completed'), { type: 'start' }, context),
      'illegal_transition',
      'cannot start work order WO-1: it is completed; allowed: close',
    );
  });
});

describe('creating a work order', () => {
  const spec = {
    id: workOrderId('wo-0001'),
    number: 'WO-1',
    product: 'C762-TRACER',
    line: 'L3',
    quantity: 100_000,
  };

  it('plans an order for a product the line makes', () => {
    const { workOrder, events } = expectOk(createWorkOrder(spec, context));
    expect(workOrder).toEqual({
      ...spec,
      state: 'planned',
      heldFrom: null,
      goodCount: 0,
      scrapCount: 0,
      recordedScrap: 0,
      scrapEntries: 0,
      recentScrap: [],
      history: [
        {
          from: null,
          to: 'planned',
          command: 'create',
          at: '2027-03-01T10:00:00.000Z',
          actor: 'operator.l3',
        },
      ],
    });
    expect(events).toEqual([
      {
        type: 'work_order.created',
        workOrderId: 'wo-0001',
        workOrderNumber: 'WO-1',
        at: '2027-03-01T10:00:00.000Z',
        actor: 'operator.l3',
        product: 'C762-TRACER',
        line: 'L3',
        quantity: 100_000,
      },
    ]);
  });

  it.each([
    [0, 'work order WO-1: the quantity must be a positive whole number, got 0'],
    [-500, 'work order WO-1: the quantity must be a positive whole number, got -500'],
    [1000.5, 'work order WO-1: the quantity must be a positive whole number, got 1000.5'],
    [Number.NaN, 'work order WO-1: the quantity must be a positive whole number, got NaN'],
  ])('refuses a quantity of %s', (quantity, message) => {
    expectRefused(createWorkOrder({ ...spec, quantity }, context), 'invalid_quantity', message);
  });

  it('refuses a line the plant does not have', () => {
    expectRefused(
      createWorkOrder({ ...spec, line: 'L9' }, context),
      'unknown_line',
      'work order WO-1: unknown line "L9"',
    );
  });

  it('refuses a product the line does not make', () => {
    expectRefused(
      createWorkOrder({ ...spec, line: 'L1' }, context),
      'product_not_made_on_line',
      'work order WO-1: line L1 does not make "C762-TRACER"; it makes C762-BALL',
    );
    expectRefused(
      createWorkOrder({ ...spec, product: 'CASE-762' }, context),
      'product_not_made_on_line',
      'work order WO-1: line L3 does not make "CASE-762"; it makes C762-TRACER, C762-BLANK',
    );
  });

  it('refuses an order without a number', () => {
    expectRefused(createWorkOrder({ ...spec, number: '  ' }, context), 'invalid_number');
  });
});

describe('starting', () => {
  it('asks for the output lot to be opened', () => {
    const { workOrder, events } = expectOk(
      applyWorkOrderCommand(orderIn('released'), { type: 'start' }, context),
    );
    expect(workOrder.state).toBe('running');
    expect(events).toEqual([
      {
        type: 'work_order.state_changed',
        workOrderId: 'wo-0001',
        workOrderNumber: 'WO-1',
        at: '2027-03-01T10:00:00.000Z',
        actor: 'operator.l3',
        from: 'released',
        to: 'running',
        command: 'start',
      },
      {
        type: 'output_lot.open_requested',
        workOrderId: 'wo-0001',
        workOrderNumber: 'WO-1',
        at: '2027-03-01T10:00:00.000Z',
        actor: 'operator.l3',
        product: 'C762-TRACER',
        line: 'L3',
        quantity: 100_000,
      },
    ]);
  });

  it('does not ask again on resume', () => {
    const { events } = expectOk(
      applyWorkOrderCommand(orderIn('paused'), { type: 'resume' }, context),
    );
    expect(events.map((e) => e.type)).toEqual(['work_order.state_changed']);
  });
});

describe('pausing', () => {
  it('records the downtime reason and a note', () => {
    const { workOrder, events } = expectOk(
      applyWorkOrderCommand(
        orderIn('running'),
        { type: 'pause', reason: 'STARVED-PRIMER', note: 'primer lot not yet released' },
        context,
      ),
    );
    expect(workOrder.history.at(-1)).toEqual({
      from: 'running',
      to: 'paused',
      command: 'pause',
      at: '2027-03-01T10:00:00.000Z',
      actor: 'operator.l3',
      reason: 'STARVED-PRIMER',
      note: 'primer lot not yet released',
    });
    expect(events[0]).toMatchObject({ type: 'work_order.state_changed', reason: 'STARVED-PRIMER' });
  });

  it('accepts a planned reason as well as an unplanned one', () => {
    const result = applyWorkOrderCommand(
      orderIn('running'),
      { type: 'pause', reason: 'PLN-BREAK' },
      context,
    );
    expect(expectOk(result).workOrder.state).toBe('paused');
  });

  it('refuses a group of the tree and names the reasons in it', () => {
    expectRefused(
      applyWorkOrderCommand(orderIn('running'), { type: 'pause', reason: 'ELEC' }, context),
      'downtime_reason_not_a_leaf',
      'work order WO-1: downtime reason "ELEC" is a group; report one of its reasons: ' +
        'ELEC-POWER, ELEC-DRIVE, ELEC-PLC, ELEC-SENSOR',
    );
    // A group two levels down names only the leaves under it.
    expectRefused(
      applyWorkOrderCommand(orderIn('running'), { type: 'pause', reason: 'PLN-MAINT' }, context),
      'downtime_reason_not_a_leaf',
      'work order WO-1: downtime reason "PLN-MAINT" is a group; report one of its reasons: ' +
        'PLN-MAINT-PREV, PLN-MAINT-CLEAN, PLN-MAINT-CALIB',
    );
  });

  it('refuses a reason the plant does not have', () => {
    expectRefused(
      applyWorkOrderCommand(orderIn('running'), { type: 'pause', reason: 'COFFEE' }, context),
      'unknown_downtime_reason',
      'work order WO-1: unknown downtime reason "COFFEE"',
    );
  });

  it('checks the state before the reason', () => {
    expectRefused(
      applyWorkOrderCommand(orderIn('planned'), { type: 'pause', reason: 'COFFEE' }, context),
      'illegal_transition',
    );
  });
});

describe('holding', () => {
  it('needs a reason', () => {
    expectRefused(
      applyWorkOrderCommand(orderIn('running'), { type: 'hold', reason: '  ' }, context),
      'reason_required',
      'work order WO-1: a hold needs a reason',
    );
  });

  it('returns to the state it was held from, with the hold in the history', () => {
    const held = expectOk(
      applyWorkOrderCommand(orderIn('paused'), { type: 'hold', reason: ' NCR-27-014 ' }, context),
    ).workOrder;
    expect(held).toMatchObject({ state: 'on_hold', heldFrom: 'paused' });
    expect(held.history.at(-1)).toMatchObject({ command: 'hold', reason: 'NCR-27-014' });
    const later = { ...context, at: new Date('2027-03-01T12:30:00.000Z'), actor: 'qa.lead' };
    const released = expectOk(applyWorkOrderCommand(held, { type: 'unhold' }, later)).workOrder;
    expect(released).toMatchObject({ state: 'paused', heldFrom: null });
    expect(released.history.at(-1)).toEqual({
      from: 'on_hold',
      to: 'paused',
      command: 'unhold',
      at: '2027-03-01T12:30:00.000Z',
      actor: 'qa.lead',
    });
  });

  it('refuses to unhold an order that does not record where it was held from', () => {
    expectRefused(
      applyWorkOrderCommand(orderIn('on_hold', null), { type: 'unhold' }, context),
      'held_from_unknown',
    );
  });
});

describe('recording scrap', () => {
  const scrap = (quantity: number, reason: string, station?: string): WorkOrderCommand => ({
    type: 'recordScrap',
    quantity,
    reason,
    ...(station === undefined ? {} : { station }),
  });

  it('adds a record and an event, and leaves the state as it was', () => {
    const first = expectOk(
      applyWorkOrderCommand(orderIn('running'), scrap(12, 'SCR-SEAT-HIGH', 'BS'), context),
    );
    const second = expectOk(
      applyWorkOrderCommand(first.workOrder, scrap(30, 'SCR-CLEARANCE'), context),
    );
    expect(second.workOrder.state).toBe('running');
    expect(second.workOrder.recentScrap).toEqual([
      {
        quantity: 12,
        reason: 'SCR-SEAT-HIGH',
        station: 'BS',
        at: '2027-03-01T10:00:00.000Z',
        actor: 'operator.l3',
      },
      {
        quantity: 30,
        reason: 'SCR-CLEARANCE',
        at: '2027-03-01T10:00:00.000Z',
        actor: 'operator.l3',
      },
    ]);
    expect(second.workOrder.recordedScrap).toBe(42);
    expect(second.workOrder.scrapEntries).toBe(2);
    expect(first.events).toEqual([
      {
        type: 'work_order.scrap_recorded',
        workOrderId: 'wo-0001',
        workOrderNumber: 'WO-1',
        at: '2027-03-01T10:00:00.000Z',
        actor: 'operator.l3',
        quantity: 12,
        reason: 'SCR-SEAT-HIGH',
        station: 'BS',
      },
    ]);
  });

  it('keeps totals of every record but only the latest records in the order itself', () => {
    let order = orderIn('running');
    for (let n = 1; n <= 25; n++) {
      order = expectOk(applyWorkOrderCommand(order, scrap(n, 'SCR-CRIMP'), context)).workOrder;
    }
    expect(order.recordedScrap).toBe((25 * 26) / 2);
    expect(order.scrapEntries).toBe(25);
    expect(order.recentScrap).toHaveLength(RECENT_SCRAP_KEPT);
    expect(order.recentScrap.map((r) => r.quantity)).toEqual([
      16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    ]);
  });

  it.each([
    [0, 'work order WO-1: scrap must be a positive whole number, got 0'],
    [-3, 'work order WO-1: scrap must be a positive whole number, got -3'],
    [2.5, 'work order WO-1: scrap must be a positive whole number, got 2.5'],
  ])('refuses a quantity of %s', (quantity, message) => {
    expectRefused(
      applyWorkOrderCommand(orderIn('paused'), scrap(quantity, 'SCR-CRIMP'), context),
      'invalid_scrap_quantity',
      message,
    );
  });

  it('refuses an unknown reason, an unknown station and a reason of another station kind', () => {
    expectRefused(
      applyWorkOrderCommand(orderIn('running'), scrap(1, 'SCR-GREMLINS'), context),
      'unknown_scrap_reason',
      'unknown scrap reason "SCR-GREMLINS"',
    );
    expectRefused(
      applyWorkOrderCommand(orderIn('running'), scrap(1, 'SCR-CRIMP', 'XX'), context),
      'unknown_station',
      'work order WO-1: line L3 has no station "XX"',
    );
    expectRefused(
      applyWorkOrderCommand(orderIn('running'), scrap(1, 'SCR-SEAT-HIGH', 'PK'), context),
      'scrap_reason_station_mismatch',
      'work order WO-1: scrap reason "SCR-SEAT-HIGH" is found at bullet_seating stations; ' +
        'station PK is packing',
    );
  });
});

describe('a work order from plan to close', () => {
  it('keeps every transition with its time and actor, and changes no input', () => {
    const steps: [string, string, WorkOrderCommand][] = [
      ['2027-03-01T09:00:00.000Z', 'planner', { type: 'release' }],
      ['2027-03-01T10:00:00.000Z', 'operator.l3', { type: 'start' }],
      ['2027-03-01T11:15:00.000Z', 'operator.l3', { type: 'pause', reason: 'MECH-BS' }],
      ['2027-03-01T12:00:00.000Z', 'operator.l3', { type: 'resume' }],
      ['2027-03-01T13:00:00.000Z', 'qa.lead', { type: 'hold', reason: 'SPC signal on OAL' }],
      ['2027-03-01T13:40:00.000Z', 'qa.lead', { type: 'unhold' }],
      ['2027-03-01T17:55:00.000Z', 'operator.l3', { type: 'complete' }],
      ['2027-03-02T08:00:00.000Z', 'planner', { type: 'close' }],
    ];
    const created = expectOk(
      createWorkOrder(
        {
          id: workOrderId('wo-9'),
          number: 'WO-9',
          product: 'C762-BALL',
          line: 'L1',
          quantity: 50_000,
        },
        { ...context, at: new Date('2027-02-26T15:00:00.000Z'), actor: 'planner' },
      ),
    ).workOrder;
    let order = deepFreeze(created);
    for (const [at, actor, command] of steps) {
      order = deepFreeze(
        expectOk(applyWorkOrderCommand(order, command, { plant, at: new Date(at), actor }))
          .workOrder,
      );
    }
    expect(created.state).toBe('planned');
    expect(order.state).toBe('closed');
    expect(order.history.map((t) => [t.from, t.to, t.at.slice(11, 16), t.actor])).toEqual([
      [null, 'planned', '15:00', 'planner'],
      ['planned', 'released', '09:00', 'planner'],
      ['released', 'running', '10:00', 'operator.l3'],
      ['running', 'paused', '11:15', 'operator.l3'],
      ['paused', 'running', '12:00', 'operator.l3'],
      ['running', 'on_hold', '13:00', 'qa.lead'],
      ['on_hold', 'running', '13:40', 'qa.lead'],
      ['running', 'completed', '17:55', 'operator.l3'],
      ['completed', 'closed', '08:00', 'planner'],
    ]);
  });

  it('cancels a released order with a reason', () => {
    const { workOrder, events } = expectOk(
      applyWorkOrderCommand(
        orderIn('released'),
        { type: 'cancel', reason: 'call-off withdrawn' },
        context,
      ),
    );
    expect(workOrder.state).toBe('cancelled');
    expect(workOrder.history.at(-1)).toMatchObject({ reason: 'call-off withdrawn' });
    expect(events[0]).toMatchObject({
      from: 'released',
      to: 'cancelled',
      reason: 'call-off withdrawn',
    });
  });
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
