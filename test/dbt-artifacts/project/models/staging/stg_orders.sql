select id as order_id, customer_id, ordered_at, order_number, amount
from {{ ref('raw_orders') }}
