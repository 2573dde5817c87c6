/**
 * A folder-per-table BigQuery repo as such repos are written: Jinja headers and
 * `is_init()` branches in query.sql, `@submission_date` parameters, backticked
 * project ids, UNNEST, a dedup subquery, a view.sql over a versioned table,
 * init.sql DDL, a query.py loader, checks.sql and a UDF folder that define no table,
 * and a BigQuery script with a temp table.
 */
export const shippingFolders: Record<string, string> = {
  'sql/acme-data-prod/shipping_derived/parcel_events_daily_v2/query.sql': `-- Daily parcel events per depot
{{ header }}
{% if is_init() %}
-- first run reads the whole history
{% endif %}
WITH events AS (
  SELECT
    DATE(scanned_at) AS scan_date,
    depot_id,
    parcel.id AS parcel_id,
    ev.kind AS event_kind
  FROM
    \`acme-data-prod.shipping_stable.scans_v1\`,
    UNNEST(events) AS ev
  WHERE
    DATE(scanned_at) = @submission_date
),
depots AS (
  SELECT * EXCEPT (row_num)
  FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY depot_id ORDER BY updated_at DESC) AS row_num
    FROM shipping_derived.depots_v1
  )
  WHERE row_num = 1
)
SELECT
  scan_date,
  e.depot_id,
  d.region,
  COUNTIF(event_kind = 'delivered') AS delivered,
  COUNT(DISTINCT parcel_id) AS parcels
FROM events AS e
LEFT JOIN depots AS d
  USING (depot_id)
GROUP BY
  scan_date,
  depot_id,
  region`,
  'sql/acme-data-prod/shipping_derived/parcel_events_daily_v2/metadata.yaml': `friendly_name: Parcel Events Daily
description: |-
  Parcel scan events aggregated per depot and day.
owners:
  - jdoe@acme.example
  - logistics-data
labels:
  incremental: true
  owner1: jdoe
scheduling:
  dag_name: bqetl_shipping
bigquery:
  time_partitioning:
    type: day
    field: scan_date
    require_partition_filter: true
  clustering:
    fields: [depot_id]
`,
  'sql/acme-data-prod/shipping_derived/parcel_events_daily_v2/schema.yaml': `fields:
- mode: NULLABLE
  name: scan_date
  type: DATE
  description: Day the parcels were scanned.
- name: depot_id
  type: STRING
  mode: NULLABLE
`,
  'sql/acme-data-prod/shipping_derived/depots_v1/query.py': `"""Pull depot master data from the ops API into BigQuery."""
from google.cloud import bigquery

def main():
    client = bigquery.Client("acme-data-prod")
    client.load_table_from_json(rows, "acme-data-prod.shipping_derived.depots_v1")

if __name__ == "__main__":
    main()
`,
  'sql/acme-data-prod/shipping_derived/depots_v1/metadata.yaml': `friendly_name: Depots
owners:
  - ops-eng@acme.example
`,
  'sql/acme-data-prod/shipping/parcel_events_daily/view.sql': `CREATE OR REPLACE VIEW
  \`acme-data-prod.shipping.parcel_events_daily\`
AS
SELECT
  *
FROM
  \`acme-data-prod.shipping_derived.parcel_events_daily_v2\``,
  'sql/acme-data-prod/shipping_derived/courier_stats_v1/init.sql': `CREATE TABLE IF NOT EXISTS
  shipping_derived.courier_stats_v1(
    submission_date DATE,
    courier_id STRING,
    parcels INT64
  )
PARTITION BY submission_date
CLUSTER BY courier_id`,
  'sql/acme-data-prod/shipping_derived/courier_stats_v1/query.sql': `SELECT
  @submission_date AS submission_date,
  courier_id,
  COUNT(*) AS parcels
FROM
  \`acme-data-prod\`.shipping_stable.scans_v1
WHERE
  DATE(scanned_at) = @submission_date
GROUP BY
  courier_id`,
  'sql/acme-data-prod/shipping_derived/courier_stats_v1/metadata.yaml': `friendly_name: Courier stats
owners: [mlee@acme.example]
`,
  'sql/acme-data-prod/shipping_derived/courier_stats_v1/checks.sql': `#fail
{{ not_null(["courier_id"], "submission_date = @submission_date") }}
#fail
{{ min_row_count(1, "submission_date = @submission_date") }}`,
  'sql/acme-data-prod/udf/parse_depot_code/udf.sql': `CREATE OR REPLACE FUNCTION udf.parse_depot_code(code STRING) AS (
  SPLIT(code, '-')[SAFE_OFFSET(0)]
);
SELECT assert.equals('AMS', udf.parse_depot_code('AMS-01'));`,
  'sql/acme-data-prod/shipping_derived/late_parcels_v1/query.sql': `DECLARE cutoff INT64 DEFAULT 3;
CREATE TEMP TABLE late AS
SELECT parcel_id, depot_id FROM shipping_derived.parcel_events_daily_v2 WHERE delivered = 0;
SELECT l.parcel_id, l.depot_id, c.courier_id
FROM late l
JOIN \`acme-data-prod.shipping_derived.courier_stats_v1\` c ON c.courier_id = l.depot_id`,
};
