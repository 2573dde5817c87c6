/**
 * Non-dbt jobs as real repos write them: an Airflow DAG with default_args owners, a
 * templated .sql file with `{{ params.schema }}` and an f-string with doubled braces,
 * a PySpark job mixing DataFrame reads and spark.sql, and a Snowflake script with
 * USE SCHEMA, a temp table, MERGE, DDL with keys and a view.
 */
export const mixedJobs: Record<string, string> = {
  'dags/orders_nightly.py': `from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.providers.snowflake.operators.snowflake import SnowflakeOperator

DEFAULT_ARGS = {
    "owner": "commerce-data",
    "email": ["oncall@shop.example"],
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
}

TARGET_SCHEMA = "analytics"

with DAG(
    dag_id="orders_nightly",
    default_args=DEFAULT_ARGS,
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    template_searchpath=["/opt/airflow/dags/sql"],
) as dag:
    load_daily = SnowflakeOperator(
        task_id="load_daily_orders",
        sql="sql/daily_orders.sql",
        params={"schema": TARGET_SCHEMA},
    )
    build_summary = SQLExecuteQueryOperator(
        task_id="customer_summary",
        conn_id="warehouse",
        sql=f"""
            CREATE OR REPLACE TABLE {TARGET_SCHEMA}.customer_order_summary AS
            SELECT customer_id, COUNT(*) AS orders, MAX(order_date) AS last_order
            FROM {TARGET_SCHEMA}.daily_orders
            WHERE order_date <= '{{{{ ds }}}}'
            GROUP BY customer_id
        """,
    )
    load_daily >> build_summary
`,
  'dags/sql/daily_orders.sql': `INSERT INTO {{ params.schema }}.daily_orders
SELECT o.order_id, o.customer_id, o.order_date, SUM(li.amount) AS amount
FROM raw.orders o
JOIN raw.line_items li ON li.order_id = o.order_id
WHERE o.order_date = '{{ ds }}'
GROUP BY o.order_id, o.customer_id, o.order_date;`,
  'jobs/spark/sessionize.py': `from pyspark.sql import SparkSession, functions as F
from pyspark.sql.window import Window

spark = SparkSession.builder.appName("sessionize").enableHiveSupport().getOrCreate()

SOURCE = "web.page_views"

views = spark.table(SOURCE)
users = spark.read.table("crm.users").select("user_id", "segment")
w = Window.partitionBy("user_id").orderBy("ts")
sessions = (
    views.join(users, on="user_id", how="left")
    .withColumn("session_start", F.lag("ts").over(w))
    .groupBy("user_id", "session_date")
    .agg(F.count("*").alias("views"))
)
sessions.write.mode("overwrite").partitionBy("session_date").saveAsTable("web.user_sessions")

spark.sql("""
    INSERT OVERWRITE TABLE web.segment_daily
    SELECT u.segment, s.session_date, SUM(s.views) AS views
    FROM web.user_sessions s JOIN crm.users u ON s.user_id = u.user_id
    GROUP BY u.segment, s.session_date
""")
`,
  'warehouse/snowflake/refresh_revenue.sql': `USE SCHEMA finance;
CREATE OR REPLACE TEMPORARY TABLE stage_rev AS
SELECT invoice_id, account_id, amount_usd FROM billing.invoices WHERE status = 'paid';

MERGE INTO finance.revenue_by_account t
USING (
  SELECT account_id, SUM(amount_usd) AS revenue FROM stage_rev GROUP BY account_id
) s
ON t.account_id = s.account_id
WHEN MATCHED THEN UPDATE SET revenue = s.revenue
WHEN NOT MATCHED THEN INSERT (account_id, revenue) VALUES (s.account_id, s.revenue);

CREATE TABLE IF NOT EXISTS finance.accounts (
  account_id NUMBER NOT NULL,
  name VARCHAR,
  region_id NUMBER REFERENCES finance.regions(region_id),
  CONSTRAINT pk_accounts PRIMARY KEY (account_id)
);

create or replace view finance.v_revenue as
select a.name, r.revenue
from finance.accounts a
join revenue_by_account r on r.account_id = a.account_id;`,
  'CODEOWNERS': `* @shop/data-platform
/warehouse/snowflake/ @shop/finance-eng
`,
};
