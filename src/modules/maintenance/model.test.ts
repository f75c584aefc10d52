// The life cycle of a maintenance job: who may do what in which state, and
// what closing needs.
import { describe, expect, it } from 'vitest';
import {
  applyMaintenanceCommand,
  type MaintenanceCommand,
  type MaintenanceOrder,
  maintenanceOrderId,
} from './model.js';

const at = new Date('2027-03-15T10:00:00Z');

function order(overrides: Partial<MaintenanceOrder> = {}): MaintenanceOrder {
  return {
    id: maintenanceOrderId('00000000-0000-4000-8000-000000000001'),
    number: 'MWO-000001',
    kind: 'breakdown',
    state: 'open',
    line: 'L1',
    station: 'CF',
    title: 'Breakdown at L1/CF',
    description: null,
    reason: 'MECH-CF',
    downAt: '2027-03-15T09:00:00.000Z',
    dueAt: null,
    cause: null,
    action: null,
    labour: [],
    takenBy: null,
    history: [],
    openedAt: '2027-03-15T09:00:01.000Z',
    openedBy: 'lotline:breakdown-watcher',
    closedAt: null,
    ...overrides,
  };
}

function run(start: MaintenanceOrder, ...commands: [MaintenanceCommand, string][]) {
  let current = start;
  for (const [command, actor] of commands) {
    const result = applyMaintenanceCommand(current, command, { at, actor });
    if (!result.ok) return result;
    current = result.order;
  }
  return { ok: true as const, order: current };
}

describe('a maintenance job', () => {
  it('is taken, worked and closed with cause, action and labour', () => {
    const result = run(
      order(),
      [{ type: 'take' }, 'tomas'],
      [{ type: 'record', cause: 'bearing seized', labour: [{ minutes: 40 }] }, 'tomas'],
      [
        {
          type: 'close',
          action: 'replaced the bearing',
          labour: [{ minutes: 15, technician: 'ana' }],
        },
        'tomas',
      ],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.order).toMatchObject({
      state: 'closed',
      takenBy: 'tomas',
      cause: 'bearing seized',
      action: 'replaced the bearing',
      closedAt: at.toISOString(),
      labour: [
        { technician: 'tomas', minutes: 40 },
        { technician: 'ana', minutes: 15 },
      ],
    });
    expect(result.order.history.map((h) => `${h.from}→${h.to}`)).toEqual([
      'open→in_progress',
      'in_progress→closed',
    ]);
  });

  it('is taken by one technician only', () => {
    const result = run(order(), [{ type: 'take' }, 'tomas'], [{ type: 'take' }, 'ana']);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'maintenance_order_taken',
        message: expect.stringContaining('taken by tomas'),
        params: expect.objectContaining({ maintenanceState: 'in_progress', takenBy: 'tomas' }),
      },
    });
  });

  it('takes no work before it is taken, and nothing once closed', () => {
    expect(run(order(), [{ type: 'record', cause: 'x' }, 'tomas'])).toMatchObject({
      ok: false,
      error: {
        code: 'maintenance_order_not_in_progress',
        message: expect.stringContaining('take it first'),
      },
    });
    expect(run(order(), [{ type: 'close', cause: 'x', action: 'y' }, 'tomas'])).toMatchObject({
      ok: false,
      error: { code: 'maintenance_order_not_in_progress' },
    });
    const closed = run(
      order(),
      [{ type: 'take' }, 'tomas'],
      [{ type: 'close', cause: 'x', action: 'y' }, 'tomas'],
      [{ type: 'cancel', reason: 'z' }, 'tomas'],
    );
    expect(closed).toMatchObject({ ok: false, error: { code: 'maintenance_order_not_open' } });
  });

  it('closes a request only with its cause and action; preventive work needs no cause', () => {
    expect(
      run(order(), [{ type: 'take' }, 'tomas'], [{ type: 'close', action: 'fixed' }, 'tomas']),
    ).toMatchObject({ ok: false, error: { code: 'maintenance_cause_required', field: 'cause' } });
    expect(
      run(order(), [{ type: 'take' }, 'tomas'], [{ type: 'close', cause: 'worn' }, 'tomas']),
    ).toMatchObject({ ok: false, error: { code: 'maintenance_action_required', field: 'action' } });
    expect(
      run(
        order({ kind: 'preventive', reason: null, downAt: null }),
        [{ type: 'take' }, 'tomas'],
        [{ type: 'close', action: 'lubricated' }, 'tomas'],
      ),
    ).toMatchObject({ ok: true, order: { state: 'closed', cause: null } });
  });

  it('is cancelled with a reason, open or in progress', () => {
    const result = run(order(), [{ type: 'cancel', reason: 'false alarm' }, 'tomas']);
    expect(result).toMatchObject({
      ok: true,
      order: { state: 'cancelled', history: [{ reason: 'false alarm' }] },
    });
  });
});
