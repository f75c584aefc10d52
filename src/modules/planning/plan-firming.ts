// Firming: the planner turns proposals of the current plan into work orders
// on the lines the plan chose, keeping their due dates and priorities for
// the next plans. All or nothing, against the plan the planner looked at.
import { desc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid } from '../../core/errors.js';
import { currentPlant } from '../plant/index.js';
import { planWorkOrderInTransaction } from '../production/index.js';
import type { Priority } from './plan-builder.js';
import { latestPlan, type Plan, type StoredPlan } from './plan-store.js';
import { plans, workOrderTargets } from './schema.js';

export interface FirmResult {
  plan: Plan;
  workOrders: { proposal: string; id: string; number: string; line: string; quantity: number }[];
}

export async function firmProposals(
  db: Database,
  input: { planId: string; proposals: readonly string[] },
  actor: string,
  now: Date,
): Promise<FirmResult> {
  const { plant } = await currentPlant(db);
  const current = await latestPlan(db);
  if (!current) throw conflict('no_plan', 'there is no plan yet: plan first');
  if (current.id !== input.planId) {
    throw conflict(
      'plan_not_current',
      'plan {{plan}} is not the current plan ({{current}}): reload and firm again',
      { plan: input.planId, current: current.id },
    );
  }
  const byId = new Map(current.orders.map((o) => [o.id, o]));
  input.proposals.forEach((id, i) => {
    const order = byId.get(id);
    if (order?.kind !== 'proposal') {
      throw invalid(
        'not_a_plan_proposal',
        'proposals.{{index}}: {{proposal}} is not a proposal of the current plan',
        { index: i, proposal: id },
      ).withIssues([
        fieldIssue(`proposals.${i}`, 'not_a_plan_proposal', 'not a proposal of the current plan', {
          proposal: id,
        }),
      ]);
    }
  });
  if (new Set(input.proposals).size !== input.proposals.length) {
    throw invalid('proposal_named_twice', 'proposals: a proposal is named twice').withIssues([
      fieldIssue('proposals', 'proposal_named_twice', 'duplicates'),
    ]);
  }

  return db.transaction(async (tx) => {
    // Serialise firming: the plan must still be the newest once we hold the lock.
    await tx.select({ id: plans.id }).from(plans).where(eq(plans.id, current.id)).for('update');
    const [newest] = await tx
      .select({ id: plans.id })
      .from(plans)
      .orderBy(desc(plans.createdAt), desc(plans.id))
      .limit(1);
    if (newest?.id !== current.id) {
      throw conflict('plan_changed', 'the plan changed meanwhile: reload and firm again');
    }

    const made: FirmResult['workOrders'] = [];
    const replaced = new Map<string, StoredPlan['orders'][number]>();
    for (const id of input.proposals) {
      const proposal = byId.get(id) as StoredPlan['orders'][number];
      const order = await planWorkOrderInTransaction(
        tx,
        { clock: () => now, plant },
        { product: proposal.product, line: proposal.line, quantity: proposal.quantity },
        actor,
      );
      await tx.insert(workOrderTargets).values({
        workOrderId: order.id,
        due: proposal.due ? new Date(proposal.due) : null,
        priority: proposal.priority,
        proposal: id,
        createdAt: now,
        createdBy: actor,
      });
      made.push({
        proposal: id,
        id: order.id,
        number: order.number,
        line: order.line,
        quantity: order.quantity,
      });
      replaced.set(id, { ...proposal, id: order.id, reference: order.number, kind: 'work_order' });
    }
    // The same plan with the proposals now work orders, so the next re-plan keeps them where they are.
    const document: StoredPlan = {
      iterations: current.iterations,
      elapsedMs: current.elapsedMs,
      objective: current.objective,
      orders: current.orders.map((o) => replaced.get(o.id) ?? o),
      unavailable: current.unavailable,
      lines: current.lines,
      unplanned: current.unplanned,
      beyondHorizon: current.beyondHorizon,
      problems: current.problems,
    };
    const [row] = await tx
      .insert(plans)
      .values({
        id: crypto.randomUUID(),
        createdAt: new Date(Math.max(now.getTime(), Date.parse(current.createdAt) + 1)),
        createdBy: actor,
        origin: new Date(current.origin),
        budgetMs: current.budgetMs,
        document,
      })
      .returning();
    if (!row) throw new Error('the firmed plan was not stored');
    await recordAudit(tx, {
      actor,
      action: 'planning.proposals.firmed',
      entityType: 'plan',
      entityId: row.id,
      after: {
        from: current.id,
        workOrders: made.map((m) => ({ proposal: m.proposal, number: m.number })),
      },
    });
    return {
      plan: {
        ...document,
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        createdBy: actor,
        origin: current.origin,
        budgetMs: current.budgetMs,
      },
      workOrders: made,
    };
  });
}

/** Due dates and priorities of work orders firmed from proposals. */
export async function workOrderTargetsOf(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, { due: number | null; priority: Priority }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(workOrderTargets)
    .where(inArray(workOrderTargets.workOrderId, [...ids]));
  return new Map(
    rows.map((r) => [
      r.workOrderId,
      { due: r.due?.getTime() ?? null, priority: r.priority as Priority },
    ]),
  );
}
