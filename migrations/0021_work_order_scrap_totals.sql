-- A work order's document carried every scrap record the operators made, so
-- it grew with each one: a long order's thousands of records were rewritten by
-- every command and sent to every terminal's poll. The document now keeps the
-- totals and the latest ten records; every record stays in the order's events
-- (work_order.scrap_recorded), where /work-orders/{id}/scrap reads them.
UPDATE "production"."work_orders" AS o
SET "document" = (o."document" - 'scrapRecords') || jsonb_build_object(
  'recordedScrap', totals.units,
  'scrapEntries', totals.entries,
  'recentScrap', totals.recent
)
FROM (
  SELECT
    w."id",
    coalesce(sum((r.record ->> 'quantity')::bigint), 0) AS units,
    count(r.record) AS entries,
    coalesce(
      jsonb_agg(r.record ORDER BY r.place) FILTER (
        WHERE r.place > jsonb_array_length(w."document" -> 'scrapRecords') - 10
      ),
      '[]'::jsonb
    ) AS recent
  FROM "production"."work_orders" AS w
  LEFT JOIN LATERAL jsonb_array_elements(w."document" -> 'scrapRecords')
    WITH ORDINALITY AS r(record, place) ON true
  WHERE w."document" ? 'scrapRecords'
  GROUP BY w."id", w."document"
) AS totals
WHERE o."id" = totals."id";
