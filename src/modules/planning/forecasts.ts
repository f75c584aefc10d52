// Forecasts: a planner sets the expected demand of a product week by week; a
// week set to zero is removed. Each change is audited.
import { and, asc, eq, gte } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database } from '../../core/db/store.js';
import { fieldIssue, invalid } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import { weekOf } from './coverage.js';
import { forecasts } from './schema.js';

export interface Forecast {
  product: string;
  week: string;
  quantity: number;
}

export async function setForecast(
  db: Database,
  plant: PlantFile,
  input: { product: string; weeks: { week: string; quantity: number }[] },
  actor: string,
  at: Date,
): Promise<Forecast[]> {
  const product = plant.materials.find((m) => m.code === input.product);
  if (product?.kind !== 'finished') {
    throw invalid(
      'product_not_finished',
      'product: "{{product}}" is not a finished product of the plant',
      { product: input.product },
    ).withIssues([
      fieldIssue('product', 'product_not_finished', 'not a finished product', {
        product: input.product,
      }),
    ]);
  }
  for (const [i, w] of input.weeks.entries()) {
    if (weekOf(w.week) !== w.week) {
      const week = { week: w.week, monday: weekOf(w.week) };
      throw invalid(
        'week_not_monday',
        'weeks.{{index}}.week: {{week}} is not a Monday (weeks start on Monday, ISO 8601)',
        { index: i, ...week },
      ).withIssues([
        fieldIssue(
          `weeks.${i}.week`,
          'week_not_monday',
          'not a Monday; the week starts on {{monday}}',
          week,
        ),
      ]);
    }
  }
  await db.transaction(async (tx) => {
    for (const w of input.weeks) {
      if (w.quantity === 0) {
        await tx
          .delete(forecasts)
          .where(and(eq(forecasts.product, product.code), eq(forecasts.week, w.week)));
        continue;
      }
      await tx
        .insert(forecasts)
        .values({
          product: product.code,
          week: w.week,
          quantity: w.quantity,
          updatedAt: at,
          updatedBy: actor,
        })
        .onConflictDoUpdate({
          target: [forecasts.product, forecasts.week],
          set: { quantity: w.quantity, updatedAt: at, updatedBy: actor },
        });
    }
    await recordAudit(tx, {
      actor,
      action: 'planning.forecast_set',
      entityType: 'forecast',
      entityId: product.code,
      after: { weeks: input.weeks },
    });
  });
  return listForecasts(db, { product: product.code });
}

export async function listForecasts(
  db: Database,
  filter: { product?: string; from?: string } = {},
): Promise<Forecast[]> {
  const rows = await db
    .select({ product: forecasts.product, week: forecasts.week, quantity: forecasts.quantity })
    .from(forecasts)
    .where(
      and(
        filter.product ? eq(forecasts.product, filter.product) : undefined,
        filter.from ? gte(forecasts.week, filter.from) : undefined,
      ),
    )
    .orderBy(asc(forecasts.product), asc(forecasts.week));
  return rows;
}
