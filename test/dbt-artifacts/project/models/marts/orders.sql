select o.order_id, o.customer_id, o.ordered_at, o.order_number, o.amount
from {{ ref('stg_orders') }} o
